<?xml version="1.0" encoding="UTF-8"?>
<!-- The text's structure: its parts, divisions of any depth with their headings, paragraphs,
     anonymous blocks, texts inside the text, figures. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template match="TEI | text | body" mode="t:html">
    <xsl:apply-templates mode="t:html"/>
  </xsl:template>

  <!-- A text inside a text (a letter quoted whole, a play within the play). -->
  <xsl:template match="floatingText | group/text" mode="t:html">
    <div>
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates mode="t:html"/>
    </div>
  </xsl:template>

  <xsl:template match="group" mode="t:html">
    <xsl:call-template name="t:block"/>
  </xsl:template>

  <xsl:template match="front | back" mode="t:html">
    <div>
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates mode="t:html"/>
    </div>
  </xsl:template>

  <!-- A division, numbered or not, at any depth. -->
  <xsl:template match="div | div1 | div2 | div3 | div4 | div5 | div6 | div7" mode="t:html">
    <section>
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="'div'"/>
      </xsl:call-template>
      <!-- (a numbered division: the id the contents link to, where it has none of its own) -->
      <xsl:if test="not(self::div) and not(@xml:id)">
        <xsl:call-template name="t:anchor">
          <xsl:with-param name="id" select="t:division-id(.)"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:apply-templates mode="t:html"/>
    </section>
  </xsl:template>

  <!-- The heading of a division (of the text, a front or back part): h1…h6 by depth. -->
  <xsl:template match="head" mode="t:html">
    <xsl:param name="t:level" as="xs:integer" tunnel="yes" select="1"/>
    <xsl:element name="h{min((6, t:heading-depth(.) + $t:level))}">
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="'head'"/>
      </xsl:call-template>
      <xsl:apply-templates mode="t:html"/>
    </xsl:element>
  </xsl:template>

  <!-- The heading of anything else (a stanza, a list, a cast list, a speech): a line. -->
  <xsl:template match="head[parent::lg or parent::list or parent::castList or parent::castGroup
      or parent::sp or parent::figure or parent::quote or parent::cit
      or parent::note or parent::argument or parent::epigraph or parent::opener]" mode="t:html">
    <xsl:call-template name="t:block">
      <xsl:with-param name="name" select="'p'"/>
      <xsl:with-param name="class" select="'head'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="p" mode="t:html">
    <xsl:call-template name="t:block">
      <xsl:with-param name="name" select="'p'"/>
      <xsl:with-param name="class" select="'p'[false()]"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="ab" mode="t:html">
    <xsl:call-template name="t:block">
      <xsl:with-param name="name" select="if (*[t:is-block(.)]) then 'div' else 'p'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A figure: its image (where its address is safe), its heading and description as the
       caption. -->
  <xsl:template match="figure" mode="t:html">
    <xsl:element name="{if (t:inline(.)) then 'span' else 'figure'}">
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates select="node() except (head | figDesc)" mode="t:html"/>
      <xsl:if test="head | figDesc">
        <xsl:element name="{if (t:inline(.)) then 'span' else 'figcaption'}">
          <xsl:apply-templates select="head | figDesc" mode="t:html"/>
        </xsl:element>
      </xsl:if>
    </xsl:element>
  </xsl:template>

  <xsl:template match="figure/head | figDesc" mode="t:html">
    <span class="{local-name()}">
      <xsl:apply-templates mode="t:html"/>
    </span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="graphic | media" mode="t:html">
    <xsl:variable name="src" select="t:safe-url(@url)"/>
    <xsl:if test="exists($src)">
      <img src="{$src}" alt="{normalize-space((desc, ../figDesc)[1])}">
        <xsl:call-template name="t:attributes">
          <xsl:with-param name="class" select="'graphic'"/>
        </xsl:call-template>
      </img>
    </xsl:if>
    <xsl:apply-templates select="desc" mode="t:html"/>
  </xsl:template>

  <xsl:template match="graphic/desc | media/desc" mode="t:html">
    <span class="desc">
      <xsl:apply-templates mode="t:html"/>
    </span>
  </xsl:template>
</xsl:stylesheet>
