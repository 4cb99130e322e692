<?xml version="1.0" encoding="UTF-8"?>
<!-- Boundaries: page breaks (one series, that of one edition: see t:in-series), line and
     column breaks, milestones. The outputs set the pages of the series in their margins. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template match="pb" mode="t:html">
    <span class="pb" data-n="{@n}">
      <xsl:call-template name="t:anchor">
        <xsl:with-param name="id" select="@xml:id ! string()"/>
      </xsl:call-template>
      <xsl:if test="@n">
        <span class="pb-n">{t:label('page', string(@n))}</span>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- A page break of another edition than the one shown: marked, not numbered, so that
       the series are never mixed. -->
  <xsl:template match="pb[not(t:in-series(.))]" mode="t:html" priority="10">
    <span class="pb-other" data-ed="{string-join(t:editions(.), ' ')}" data-n="{@n}"/>
  </xsl:template>

  <!-- A line break: a new line, except in verse lines and headings of a transcription that
       keep their own lines; a break inside a word (@break="no", @type="hyphenInWord") joins. -->
  <xsl:template match="lb" mode="t:html">
    <br class="{t:classes(., 'lb')}"/>
  </xsl:template>

  <xsl:template match="lb[@break = 'no'] | lb[@type = ('hyphenInWord', 'inWord')]" mode="t:html">
    <span class="lb-word" aria-hidden="true"/>
  </xsl:template>

  <!-- A break before anything of its block (a transcription's paragraph opening on a new
       line of the source): the block begins a line already; a break here would leave its
       first line empty. -->
  <xsl:template match="lb[t:leading-break(.)]" mode="t:html" priority="0.5"/>

  <xsl:function name="t:leading-break" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="empty($el/preceding-sibling::node()[normalize-space() or self::g
      or self::gap or self::space or self::figure or self::graphic or self::lb])
      and (if (t:inline($el/parent::*)) then t:leading-break($el/parent::*) else true())"/>
  </xsl:function>

  <!-- A break the encoder hides (@rend="hidden": a source's line ending kept only as data). -->
  <xsl:template match="lb[tokenize(@rend) = 'hidden']" mode="t:html" priority="1">
    <span class="lb-hidden" aria-hidden="true"/>
  </xsl:template>

  <xsl:template match="cb | gb" mode="t:html">
    <span class="{t:classes(., local-name())}" data-n="{@n}"/>
  </xsl:template>

  <xsl:template match="milestone" mode="t:html">
    <span class="{t:classes(., ('milestone', @unit ! ('unit-' || t:class-word(.))))}"
      data-n="{@n}">
      <xsl:if test="@n">
        <span class="milestone-n">{@n}</span>
      </xsl:if>
    </span>
  </xsl:template>
</xsl:stylesheet>
