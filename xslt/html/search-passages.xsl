<?xml version="1.0" encoding="UTF-8"?>
<!-- The passages the site's search finds ({d, u, p, t} maps: edition, address, place, text):
     every unit the text is cited by (paragraph, verse line, speech…: t:cited), heading, note
     and apparatus entry of an edition (each TEI of a corpus), in its base text, with the
     address of its anchor. Included by edition.xsl, whose page of the base text also gives
     them (a result document, $site-parts), and called by search-index.xsl for any edition
     or all. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:s="urn:teitools:site"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:mode name="t:search-index" on-no-match="fail" use-accumulators="#all"/>

  <!-- The label of a passage's page, split once where its number goes (as t:label would
       replace it): each passage's is its page between the parts. -->
  <xsl:variable name="t:page-label" as="xs:string*"
    select="tokenize(t:label('page'), '\{1\}')"/>

  <!-- The passages of the edition whose source name is $source (every edition's: ''), as an
       array for the JSON teitools.render.search splits into the site's index. -->
  <xsl:function name="t:passages" as="array(*)">
    <xsl:param name="source" as="xs:string"/>
    <xsl:variable name="entries" as="map(*)*">
      <xsl:apply-templates select="$site//s:edition[$source = '' or @source = $source]"
        mode="t:search-index"/>
    </xsl:variable>
    <xsl:sequence select="array { $entries }"/>
  </xsl:function>

  <xsl:template match="s:edition" mode="t:search-index">
    <xsl:variable name="doc" select="$documents[t:file-name(.) = current()/@source][1]"/>
    <!-- (the apparatus is listed, and its entries have anchors, on the page of a single TEI;
         the cited units are those of each TEI's records, t:citations, in the order of the
         text with the rest: no other block is looked at) -->
    <xsl:apply-templates select="$doc//TEI ! t:citations(.)?* ! ?el
      | $doc//TEI/text//(head | note[t:footnote(.)]) | $doc/TEI/text//app
      | $doc//TEI ! t:uncited(.)" mode="t:search-index">
      <xsl:with-param name="address" select="@href || '#'" tunnel="yes"/>
      <xsl:with-param name="short" select="t:short-title(@source)" tunnel="yes"/>
      <xsl:with-param name="base" select="string(s:page[@base = 'true']/@witness)" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- A unit the text is cited by: its record (t:citation, looked up once here); else one of
       the blocks no unit holds (t:uncited), found by its division. -->
  <xsl:template match="p | l | sp | ab | lg" mode="t:search-index">
    <xsl:variable name="cited" select="t:citation(.)"/>
    <xsl:choose>
      <xsl:when test="exists($cited)">
        <xsl:call-template name="t:passage">
          <xsl:with-param name="anchor" select="$cited?anchor"/>
          <xsl:with-param name="place" select="$cited?page ! string-join($t:page-label, .),
            t:place($cited, false())"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="t:uncited-passage"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*" mode="t:search-index">
    <xsl:call-template name="t:uncited-passage"/>
  </xsl:template>

  <xsl:template name="t:uncited-passage">
    <xsl:call-template name="t:passage">
      <!-- (outside any division: the text's own anchor) -->
      <xsl:with-param name="anchor" select="(@xml:id, ancestor::div[1] ! t:div-id(.),
        'text')[1]"/>
      <xsl:with-param name="place" select="t:page-of(.) ! string-join($t:page-label, .)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The blocks of a text that no unit it is cited by holds, and no other such block: a
       play's stage directions between its speeches or between the lines of a speech in
       verse, prose in a text cited by its speeches or its lines, the front's title page and
       cast list, so that the search finds every word of the text. (A text cited by the
       blocks' own @n has no others.) -->
  <xsl:function name="t:uncited" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="unit" select="t:unit-of($tei)"/>
    <xsl:variable name="kind" select="map { 'paragraph': 'p', 'line': 'l', 'speech': 'sp',
      'ab': 'ab' }($unit)"/>
    <xsl:sequence select="if (empty($kind)) then () else $tei/text//(p | ab | l | stage | item
      | castItem | trailer | byline | dateline | salute | signed | titlePart | docAuthor
      | docDate | docImprint | epigraph | argument | closer | opener | label)
      [not(local-name() = $kind)]
      [not(ancestor::*[local-name() = $kind or self::note or self::app or self::head
        or self::p or self::ab or self::l or self::stage or self::item or self::castItem
        or self::trailer or self::byline or self::dateline or self::salute or self::signed
        or self::titlePart or self::docAuthor or self::docDate or self::docImprint
        or self::epigraph or self::argument or self::closer or self::opener or self::label
        or self::TEI[not(. is $tei)]])]"/>
  </xsl:function>

  <xsl:template match="head" mode="t:search-index">
    <!-- (a heading outside any division has no anchor, and no entry: see t:passage) -->
    <xsl:call-template name="t:passage">
      <xsl:with-param name="anchor" select="ancestor::div[1] ! t:div-id(.)"/>
      <xsl:with-param name="place" select="t:page-of(.) ! string-join($t:page-label, .)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="app" mode="t:search-index">
    <xsl:call-template name="t:passage">
      <xsl:with-param name="anchor" select="'app-' || accumulator-before('t:entry')"/>
      <xsl:with-param name="place" select="t:page-of(.) ! string-join($t:page-label, .),
        t:label('apparatus.entry', accumulator-before('t:entry'))"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="note" mode="t:search-index">
    <xsl:call-template name="t:passage">
      <xsl:with-param name="anchor" select="t:note-id(.)"/>
      <xsl:with-param name="place" select="t:page-of(.) ! string-join($t:page-label, .),
        t:label('note', t:note-mark(.))"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A passage: its edition, its address, its place ("p. 4, l. 120") and its text. -->
  <xsl:template name="t:passage">
    <xsl:param name="anchor" as="xs:string?"/>
    <xsl:param name="place" as="xs:string*"/>
    <!-- (the address of the edition's page, before the anchor; its short title) -->
    <xsl:param name="address" as="xs:string" tunnel="yes"/>
    <xsl:param name="short" as="xs:string" tunnel="yes"/>
    <xsl:param name="base" as="xs:string" tunnel="yes"/>
    <xsl:variable name="text" select="if (self::app) then t:entry-summary(.)
      || ' ' || t:text(note, '') else t:text(node(), $base)"/>
    <xsl:if test="$text != '' and (self::app or not(self::head) or ancestor::div)">
      <xsl:sequence select="map {
        'd': $short,
        'u': $address || $anchor,
        'p': string-join($place, ', '),
        't': $text }"/>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
