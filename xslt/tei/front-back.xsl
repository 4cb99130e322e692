<?xml version="1.0" encoding="UTF-8"?>
<!-- Front and back matter: title page, its title, byline and imprint; epigraphs and
     arguments; the opening and closing of letters; trailers and datelines. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- Blocks that hold other blocks. -->
  <xsl:template match="titlePage | docTitle | argument | opener | closer | postscript
      | div[@type = 'dedication'] | imprimatur | set[p]" mode="t:html">
    <xsl:call-template name="t:block"/>
  </xsl:template>

  <xsl:template match="epigraph" mode="t:html">
    <xsl:call-template name="t:block">
      <xsl:with-param name="name" select="'blockquote'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Lines of their own (or phrases, inside running text). -->
  <xsl:template match="titlePart | byline | docAuthor | docImprint | docDate | docEdition
      | trailer | dateline | salute | signed" mode="t:html">
    <xsl:call-template name="t:block">
      <xsl:with-param name="name" select="'p'"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
