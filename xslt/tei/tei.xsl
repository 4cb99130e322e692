<?xml version="1.0" encoding="UTF-8"?>
<!-- The one mapping of TEI elements to HTML (mode t:html), imported by every output
     (xslt/html/edition.xsl, xslt/print/print.xsl), which override only what differs: notes at
     the foot of the page or of the division, page numbers in the margin, numbered paragraphs.

     Nothing is dropped: an element this mapping does not know keeps its content, in a span or
     div whose class names it and whose data-tei-unknown attribute the Python side reads to warn
     once per element name. An unknown @type or @rend value becomes a class, never a failure.
     No value of the document becomes a link unless it is http(s), relative or a #fragment.

     Tunnel parameters an output may pass down (see xslt/html/text.xsl):
       t:level  added to a heading's depth for its h1…h6
       t:cited-unit  the record (t:citation) of a unit the output numbers itself -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="../common/common.xsl"/>
  <xsl:include href="functions.xsl"/>
  <xsl:include href="structure.xsl"/>
  <xsl:include href="verse-drama.xsl"/>
  <xsl:include href="lists-tables.xsl"/>
  <xsl:include href="front-back.xsl"/>
  <xsl:include href="editorial.xsl"/>
  <xsl:include href="phrase.xsl"/>
  <xsl:include href="milestones.xsl"/>

  <xsl:mode name="t:html" on-no-match="text-only-copy" use-accumulators="#all"/>

  <!-- What the mapping does not know: its content, in an element that names it. -->
  <xsl:template match="*" mode="t:html" priority="-10">
    <xsl:element name="{if (t:inline(.)) then 'span' else 'div'}">
      <xsl:attribute name="class" select="'tei-' || local-name()"/>
      <xsl:attribute name="data-tei-unknown" select="local-name()"/>
      <xsl:apply-templates mode="t:html"/>
    </xsl:element>
  </xsl:template>

  <!-- The header is metadata, shown by each output in its own way, never as text. -->
  <xsl:template match="teiHeader" mode="t:html"/>

  <!-- An id for an element (an output adds its prefixes, or leaves ids out of a copy). -->
  <xsl:template name="t:anchor">
    <xsl:param name="id" as="xs:string?"/>
    <xsl:if test="$id">
      <xsl:attribute name="id" select="$id"/>
    </xsl:if>
  </xsl:template>

  <!-- The attributes every mapped element carries: its class (its name, its @type and @rend
       values, its @rendition), its language, its id. -->
  <xsl:template name="t:attributes">
    <xsl:param name="class" as="xs:string*" select="local-name()"/>
    <xsl:variable name="classes" select="t:classes(., $class)"/>
    <xsl:if test="$classes">
      <xsl:attribute name="class" select="$classes"/>
    </xsl:if>
    <xsl:apply-templates select="@xml:lang" mode="t:html"/>
    <xsl:call-template name="t:anchor">
      <xsl:with-param name="id" select="@xml:id ! string()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="@xml:lang" mode="t:html">
    <xsl:attribute name="lang" select="."/>
  </xsl:template>

  <!-- An element as a block (div) or, inside running text, as a span; with its attributes. -->
  <xsl:template name="t:block">
    <xsl:param name="name" as="xs:string" select="'div'"/>
    <xsl:param name="class" as="xs:string*" select="local-name()"/>
    <xsl:element name="{if (t:inline(.)) then 'span' else $name}">
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="$class"/>
      </xsl:call-template>
      <xsl:apply-templates mode="t:html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="t:span">
    <xsl:param name="class" as="xs:string*" select="local-name()"/>
    <span>
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="$class"/>
      </xsl:call-template>
      <xsl:apply-templates mode="t:html"/>
    </span>
  </xsl:template>
</xsl:stylesheet>
