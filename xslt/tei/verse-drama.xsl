<?xml version="1.0" encoding="UTF-8"?>
<!-- Verse and drama: stanzas and lines (every fifth line numbered), speeches with their
     speakers, stage directions, cast lists. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template match="lg" mode="t:html">
    <div>
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates mode="t:html"/>
    </div>
  </xsl:template>

  <!-- A verse line: one line of its own, its number in the margin every fifth line; a part of
       a line shared between speakers (@part) is indented where it goes on. -->
  <xsl:template match="l" mode="t:html">
    <xsl:param name="t:cited-unit" as="map(*)?" tunnel="yes"/>
    <xsl:variable name="n" select="t:line-number(.)"/>
    <div data-n="{$n}">
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="'l', @part ! ('part-' || t:class-word(.))"/>
      </xsl:call-template>
      <!-- (not where an output gives the line its number to cite it by, as xslt/html does) -->
      <xsl:if test="not(. is $t:cited-unit?el) and t:line-shown(.)">
        <span class="l-n" aria-hidden="true">{(normalize-space(@n)[.], $n)[1]} </span>
      </xsl:if>
      <xsl:apply-templates mode="t:html"/>
    </div>
  </xsl:template>

  <xsl:template match="sp" mode="t:html">
    <div>
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates mode="t:html"/>
    </div>
  </xsl:template>

  <!-- The speaker: an element of its own, always. -->
  <xsl:template match="speaker" mode="t:html">
    <xsl:element name="{if (t:inline(.)) then 'span' else 'p'}">
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates mode="t:html"/>
    </xsl:element>
  </xsl:template>

  <!-- A stage direction: its own paragraph, or in a line or a paragraph, a phrase. -->
  <xsl:template match="stage" mode="t:html">
    <xsl:call-template name="t:block">
      <xsl:with-param name="name" select="'p'"/>
      <xsl:with-param name="class" select="'stage'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="castList" mode="t:html">
    <div>
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates select="head" mode="t:html"/>
      <ul class="cast">
        <xsl:apply-templates select="node() except head" mode="t:html"/>
      </ul>
    </div>
  </xsl:template>

  <xsl:template match="castGroup" mode="t:html">
    <li>
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates select="head" mode="t:html"/>
      <ul class="cast">
        <xsl:apply-templates select="node() except head" mode="t:html"/>
      </ul>
    </li>
  </xsl:template>

  <xsl:template match="castItem" mode="t:html">
    <li>
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates mode="t:html"/>
    </li>
  </xsl:template>

  <xsl:template match="role | roleDesc | actor | set | performance/p" mode="t:html">
    <xsl:call-template name="t:block">
      <xsl:with-param name="name" select="'p'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="performance | set[*]" mode="t:html">
    <xsl:call-template name="t:block"/>
  </xsl:template>

  <!-- The sentence (a linguistic unit inside a line or a speech): its words. -->
  <xsl:template match="s | w | c | pc | seg | phr | cl | m" mode="t:html">
    <xsl:call-template name="t:span"/>
  </xsl:template>
</xsl:stylesheet>
