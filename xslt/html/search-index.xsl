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

  <xsl:mode name="t:search-index" on-no-match="fail" use-accumulators="#all"/>

  <xsl:import href="edition.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <!-- One edition's passages only (its source name), or every edition's (''). -->
  <xsl:param name="only" as="xs:string" select="''"/>

  <xsl:template name="t:search-index">
    <xsl:variable name="entries" as="map(*)*">
      <xsl:apply-templates select="$site//s:edition[$only = '' or @source = $only]"
        mode="t:search-index"/>
    </xsl:variable>
    <!-- the passages as JSON: teitools.render.search splits them into the site's index -->
    <xsl:value-of select="serialize(array { $entries }, map { 'method': 'json' })"/>
  </xsl:template>

  <xsl:template match="s:edition" mode="t:search-index">
    <xsl:variable name="doc" select="$documents[t:file-name(.) = current()/@source][1]"/>
    <!-- (the apparatus is listed, and its entries have anchors, on the page of a single TEI) -->
    <xsl:apply-templates select="$doc//TEI/text//(*[t:cited(.)] | head | note[t:footnote(.)])
      | $doc/TEI/text//app" mode="t:search-index">
      <xsl:with-param name="edition" select="." tunnel="yes"/>
      <xsl:with-param name="short" select="t:short-title(@source)" tunnel="yes"/>
      <xsl:with-param name="base" select="string(s:page[@base = 'true']/@witness)" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="*" mode="t:search-index">
    <xsl:param name="edition" as="element(s:edition)" tunnel="yes"/>
    <xsl:param name="short" as="xs:string" tunnel="yes"/>
    <xsl:param name="base" as="xs:string" tunnel="yes"/>
    <xsl:variable name="unit" select=".[t:cited(.)]"/>
    <xsl:variable name="anchor" select="
      if ($unit) then t:citation-anchor($unit)
      else if (self::head) then t:div-id(ancestor::div[1])
      else if (self::app) then 'app-' || accumulator-before('t:entry')
      else t:note-id(.)"/>
    <xsl:variable name="text" select="if (self::app) then t:entry-summary(.)
      || ' ' || t:text(note, '') else t:text(node(), $base)"/>
    <xsl:if test="$text != '' and (self::app or not(self::head) or ancestor::div)">
      <xsl:sequence select="map {
        'd': $short,
        'u': $edition/@href || '#' || $anchor,
        'p': string-join((t:page-of(.) ! t:label('page', .),
          $unit ! t:citation-label(., false()),
          self::app ! t:label('apparatus.entry', accumulator-before('t:entry')),
          self::note ! t:label('note', t:note-mark(.))), ', '),
        't': $text }"/>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
