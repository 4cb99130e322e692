<?xml version="1.0" encoding="UTF-8"?>
<!-- The print edition: TEI to the HTML that a CSS Paged Media engine (WeasyPrint) sets as a
     book. The apparatus logic comes from xslt/common, the HTML of each TEI element from the
     one mapping in xslt/tei; this module only lays out and overrides what print does its own
     way: title page,
     edition statement, contents, the text with numbered paragraphs and the 1957 pages in the
     margin, the apparatus as footnotes on the page of its lemma, notes set apart. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:p="urn:teitools:print"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="../tei/tei.xsl"/>
  <xsl:include href="front.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="../tei/hanging-notes.xsl"/>

  <!-- The page size: 'A5' or 'letter'. -->
  <xsl:param name="page-size" as="xs:string" select="'A5'"/>
  <!-- The stylesheet the engine reads, as a URL (relative to the engine's base URL). -->
  <xsl:param name="css" as="xs:string" select="'print.css'"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>
  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>

  <xsl:variable name="p:sizes" as="map(xs:string, xs:string)"
    select="map { 'A5': 'A5', 'letter': 'letter', 'Letter': 'letter' }"/>

  <xsl:template match="/">
    <xsl:if test="not(map:contains($p:sizes, $page-size))"
      xmlns:map="http://www.w3.org/2005/xpath-functions/map">
      <xsl:message terminate="yes">page-size must be A5 or letter, not "{$page-size}"</xsl:message>
    </xsl:if>
    <!-- the language of the text (not of its header): the one the book is hyphenated in -->
    <html lang="{(t:language(.), 'en')[1]}">
      <head>
        <meta charset="utf-8"/>
        <title>{t:title(.)}</title>
        <meta name="author" content="{string-join(t:authors(.), t:separator(t:authors(.)))}"/>
        <meta name="generator" content="teitools"/>
        <!-- the mapping's styles, shared with the HTML edition; then the book's own -->
        <link rel="stylesheet" href="../tei/mapping.css"/>
        <link rel="stylesheet" href="{$css}"/>
        <!-- the page: its size, margins and the size of the type (page-A5.css, page-letter.css) -->
        <link rel="stylesheet" href="page-{$p:sizes($page-size)}.css"/>
      </head>
      <body>
        <xsl:apply-templates select="TEI" mode="p:front"/>
        <xsl:apply-templates select="teiCorpus" mode="p:corpus-front"/>
        <main>
          <xsl:apply-templates select="TEI/text/(front, body)" mode="t:html"/>
          <xsl:apply-templates select="teiCorpus//TEI" mode="p:corpus"/>
        </main>
        <xsl:apply-templates select="TEI" mode="p:back"/>
      </body>
    </html>
  </xsl:template>

  <!-- ==== a teiCorpus: each TEI a chapter of its own ==== -->

  <!-- A name as it is read: without the identifiers and notes an <author> may hold. -->
  <xsl:function name="t:name-only" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($e//text()[not(ancestor::idno
        or ancestor::note)], ' '))"/>
  </xsl:function>

  <!-- The corpus's title page, and its documents as the contents. -->
  <xsl:template match="teiCorpus" mode="p:corpus-front">
    <section class="title-page">
      <h1 class="title">{t:own-title(.)}</h1>
      <xsl:for-each select="teiHeader/fileDesc/titleStmt/author[normalize-space()]">
        <p class="author">{t:name-only(.)}</p>
      </xsl:for-each>
    </section>
    <nav class="contents">
      <h2 class="plain">{t:label('print.contents')}</h2>
      <ol>
        <xsl:for-each select=".//TEI">
          <li class="level-1"><a href="#{t:document-id(.)}">{t:own-title(.)}</a></li>
        </xsl:for-each>
      </ol>
    </nav>
  </xsl:template>

  <!-- A TEI of the corpus: a new chapter under its own title (the running head), its
       divisions' headings a level below, its passages numbered afresh, its notes and back. -->
  <xsl:template match="TEI" mode="p:corpus">
    <section class="document" id="{t:document-id(.)}">
      <xsl:apply-templates select="@xml:lang" mode="t:html"/>
      <h2 class="running" data-running="{t:own-title(.)}">{t:own-title(.)}</h2>
      <xsl:for-each select="teiHeader/fileDesc/titleStmt/author[normalize-space()]">
        <p class="byline">{t:name-only(.)}</p>
      </xsl:for-each>
      <xsl:apply-templates select="text/(front, body)" mode="t:html"/>
      <xsl:apply-templates select="." mode="p:back"/>
    </section>
  </xsl:template>

  <!-- ==== the text ==== -->

  <!-- A division of the first level after the first (an act, a chapter) begins a new page:
       the section does, so that what stands before its heading (an opener, a page break)
       goes with it; the text's first page is a right-hand one (print.css). -->
  <xsl:template match="div" mode="t:html">
    <section class="{normalize-space('div ' || @type
      || ' chapter'[current()/head and t:heading-depth(current()/head[1]) = 1
        and empty(current()/ancestor::teiCorpus) and current()/preceding-sibling::div])}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:apply-templates mode="t:html"/>
    </section>
  </xsl:template>

  <xsl:template match="(div | div1 | div2 | div3 | div4 | div5 | div6 | div7)/head"
    mode="t:html">
    <!-- (in a corpus, a level below its document's title) -->
    <xsl:variable name="level"
      select="min((t:heading-depth(.) + 1 + count(ancestor::teiCorpus[1]), 4))"/>
    <xsl:element name="h{$level}">
      <xsl:attribute name="id" select="p:head-id(.)"/>
      <!-- the running head: a division's first heading (a second is its subtitle), without
           its notes and its closing full stop -->
      <xsl:choose>
        <xsl:when test="preceding-sibling::head">
          <xsl:attribute name="class" select="'subhead'"/>
        </xsl:when>
        <xsl:when test="$level = 2">
          <xsl:attribute name="class" select="'running'"/>
          <xsl:attribute name="data-running" select="replace(p:words(.), '\.$', '')"/>
        </xsl:when>
      </xsl:choose>
      <xsl:apply-templates mode="t:html"/>
    </xsl:element>
    <xsl:apply-templates select="parent::div" mode="p:faces"/>
    <xsl:apply-templates select="p:front-breaks(.), preceding-sibling::pb" mode="t:html">
      <xsl:with-param name="after-head" select="true()"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- A front with no words (divisions holding only the page break the text starts on, as
       transcriptions have it) makes no page: its page breaks go where the text begins, after
       the body's first heading, or first in the body where it has none. -->
  <xsl:function name="p:bare" as="xs:boolean">
    <xsl:param name="front" as="element()"/>
    <xsl:sequence select="not(normalize-space($front))
      and empty($front//(figure | graphic | media | table | list | titlePage))"/>
  </xsl:function>

  <xsl:template match="front[p:bare(.)]" mode="t:html"/>

  <xsl:template match="body[../front[p:bare(.)]]" mode="t:html">
    <xsl:variable name="breaks" select="../front//pb"/>
    <xsl:variable name="made" as="node()*">
      <xsl:next-match/>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="exists(p:first-head(.)) or empty($made[. instance of element()])">
        <xsl:sequence select="$made"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$made">
          <xsl:choose>
            <xsl:when test=". instance of element() and empty(preceding-sibling::*)">
              <xsl:copy>
                <xsl:copy-of select="@*"/>
                <xsl:apply-templates select="$breaks" mode="t:html">
                  <xsl:with-param name="after-head" select="true()"/>
                </xsl:apply-templates>
                <xsl:copy-of select="node()"/>
              </xsl:copy>
            </xsl:when>
            <xsl:otherwise>
              <xsl:sequence select="."/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:function name="p:first-head" as="element()?">
    <xsl:param name="body" as="element()"/>
    <xsl:sequence select="($body//*[self::div or self::div1 or self::div2 or self::div3
      or self::div4 or self::div5 or self::div6 or self::div7]/head)[1]"/>
  </xsl:function>

  <!-- The page breaks of a bare front, set after this heading: the first of the body. -->
  <xsl:function name="p:front-breaks" as="element()*">
    <xsl:param name="head" as="element()"/>
    <xsl:variable name="body" select="$head/ancestor::body[1]"/>
    <!-- (the front's words are read only for the body's first heading) -->
    <xsl:sequence select="if ($head is p:first-head($body)
      and exists($body/../front[p:bare(.)])) then $body/../front//pb else ()"/>
  </xsl:function>

  <!-- The id a heading is found by in the contents. -->
  <xsl:function name="p:head-id" as="xs:string">
    <xsl:param name="head" as="element(head)"/>
    <xsl:sequence select="'h-' || ($head[empty(preceding-sibling::head)]/parent::*/@xml:id,
      generate-id($head))[1]"/>
  </xsl:function>

  <!-- The units the text is cited by, numbered in the margin: paragraphs, speeches, blocks,
       blocks by their @n each; verse lines every fifth (the mapping's line numbers). -->
  <xsl:template match="p[t:cited(.)][t:citation-unit(.) = 'paragraph']" mode="t:html"
    priority="6">
    <p id="{t:citation-anchor(.)}" class="numbered">
      <span class="pn" aria-hidden="true">{t:citation-number(.)}</span>
      <xsl:apply-templates mode="t:html"/>
    </p>
  </xsl:template>

  <xsl:template match="(p | l | sp | ab | lg)[t:cited(.)]" mode="t:html" priority="5">
    <xsl:variable name="unit" select="."/>
    <xsl:variable name="made" as="node()*">
      <xsl:next-match/>
    </xsl:variable>
    <xsl:for-each select="$made">
      <xsl:choose>
        <xsl:when test="self::*">
          <xsl:copy>
            <xsl:copy-of select="@* except (@id | @class)"/>
            <xsl:attribute name="class" select="string-join((@class,
              'numbered'[not($unit/self::l)]), ' ')"/>
            <xsl:attribute name="id" select="t:citation-anchor($unit)"/>
            <xsl:for-each select="@id">
              <span id="{.}"/>
            </xsl:for-each>
            <xsl:if test="not($unit/self::l)">
              <span class="pn" aria-hidden="true">{t:citation-number($unit)}</span>
            </xsl:if>
            <xsl:copy-of select="node()"/>
          </xsl:copy>
        </xsl:when>
        <xsl:otherwise>
          <xsl:copy-of select="."/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- What the source does not give: its description, as the editors wrote it; else the
       ellipsis of a lacuna. -->
  <xsl:template match="gap" mode="t:html">
    <span class="gap">{(normalize-space(desc), '[…]')[.][1]}</span>
  </xsl:template>

  <xsl:template match="label[choice]" mode="t:html"/>

  <!-- The edition statement sets titles of works in italics, as the text does. -->
  <xsl:template match="teiHeader//title[not(@level = ('a', 'u'))]" mode="t:html">
    <i class="title"><xsl:apply-templates mode="t:html"/></i>
  </xsl:template>

  <!-- A page break without a number: nothing to set in the margin. -->
  <xsl:template match="pb[not(@n)]" mode="t:html"/>

  <!-- The 1957 page numbers in the outer margin; a break inside a word keeps it whole. -->
  <xsl:template match="pb[@n][t:in-series(.)]" mode="t:html">
    <xsl:param name="after-head" as="xs:boolean" select="false()"/>
    <!-- a page that opens with a heading: its number goes after the heading, not before -->
    <xsl:if test="$after-head or not(following-sibling::head)">
      <xsl:call-template name="p:page-number"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="p:page-number">
    <span class="pb{' between'[not(current()/ancestor::p)]}" id="{(@xml:id, t:document-prefix(.) || 'pb-' || @n)[1]}">
      <span class="pb-n">{t:label('print.page', @n)}</span>
    </span>
  </xsl:template>

  <!-- A range of numbers ("pp. 80–85", "1925–1927") is not broken at its dash. -->
  <xsl:template match="text()" mode="t:html">
    <xsl:analyze-string select="." regex="[0-9]+–[0-9]+">
      <xsl:matching-substring><span class="range">{.}</span></xsl:matching-substring>
      <xsl:non-matching-substring><xsl:value-of select="."/></xsl:non-matching-substring>
    </xsl:analyze-string>
  </xsl:template>

  <!-- A note set apart (at the foot, the end, in the margin: every @place but inline): at the
       foot of its page, with the mark as printed (or its corrected number), else its number.
       The whole note goes to the foot: its blocks (paragraphs, lists) are set as spans shown
       as blocks, for a paragraph or list inside the text's paragraph would end it there. -->
  <xsl:template match="note[t:set-apart(.)][not(ancestor::app)]" mode="t:html">
    <xsl:variable name="n" as="xs:integer" select="accumulator-before('t:footnote-number')"/>
    <xsl:variable name="made" as="node()*">
      <xsl:apply-templates mode="t:html"/>
    </xsl:variable>
    <span class="fn-at" id="fnc-{$n}"/>
    <!-- (a call right after another's is set after a comma: 6,7 and not 67) -->
    <span class="fn{' fn-next'[current()/preceding-sibling::node()[not(self::text()
      [not(normalize-space())])][1][self::note[t:set-apart(.)][not(ancestor::app)]]]}"
      id="fn-{$n}" data-mark="{(@n, $n)[1]}">
      <xsl:apply-templates select="t:trim-end(t:trim-start($made))" mode="p:in-note"/>
    </span>
  </xsl:template>

  <xsl:mode name="p:in-note" on-no-match="shallow-copy"/>

  <xsl:template match="*:p | *:div | *:section | *:blockquote | *:ul | *:ol | *:li | *:dl
      | *:dt | *:dd | *:table | *:thead | *:tbody | *:tr | *:td | *:th | *:figure
      | *:figcaption | *:pre | *:h1 | *:h2 | *:h3 | *:h4 | *:h5 | *:h6" mode="p:in-note">
    <span>
      <xsl:copy-of select="@* except @class"/>
      <xsl:attribute name="class" select="normalize-space('fn-' || local-name() || ' ' || @class)"/>
      <xsl:apply-templates mode="p:in-note"/>
    </span>
  </xsl:template>

  <!-- What part of the report a commentary chapter faces: its pages' @corresp. -->
  <xsl:template match="div" mode="p:faces">
    <xsl:variable name="pages" select="(.//pb/@corresp ! replace(., '^.*#p', ''))
      [. castable as xs:integer] ! xs:integer(.)"/>
    <xsl:if test="exists($pages) and not(parent::div[.//pb/@corresp][head])">
      <p class="faces">{t:label('print.faces', (min($pages), max($pages)))}</p>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
