<?xml version="1.0" encoding="UTF-8"?>
<!-- The passages the site's search finds, as JSON ([{d, u, p, t}, ...]): every unit the text
     is cited by (paragraph, verse line, speech…: t:cited), heading, note and apparatus entry of
     every edition (each TEI of a corpus), in its base text, with the address of its anchor.
     teitools.render.search splits them into the index the search page loads a piece at a
     time. Called by name: t:search-index. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:s="urn:teitools:site"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="edition.xsl"/>
  <xsl:output method="json" encoding="UTF-8"/>

  <!-- One edition's passages only (its source name), or every edition's (''). -->
  <xsl:param name="only" as="xs:string" select="''"/>

  <xsl:template name="t:search-index">
    <!-- the passages as JSON (the output method, which writes them at once):
         teitools.render.search splits them into the site's index -->
    <xsl:sequence select="t:passages($only)"/>
  </xsl:template>
</xsl:stylesheet>
