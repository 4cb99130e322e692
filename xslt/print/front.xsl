<?xml version="1.0" encoding="UTF-8"?>
<!-- The front of the book: title page, edition statement (with the witnesses), contents. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:p="urn:teitools:print"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template match="TEI" mode="p:front">
    <xsl:variable name="fd" select="teiHeader/fileDesc"/>
    <section class="title-page">
      <!-- the book's running head: its short title, else the heading of a text that is one
           division, else its title (not the heading of a first act or chapter) -->
      <p class="running-title">{(($fd/titleStmt/title[@type = 'short'],
        text/body[count(div) = 1]/div/head[1]) ! p:words(.), t:title(.))[.][1]}</p>
      <h1 class="title">{t:title(.)}</h1>
      <xsl:for-each select="t:subtitle(.)"><p class="subtitle">{.}</p></xsl:for-each>
      <xsl:for-each select="t:authors(.)">
        <p class="author">{.}</p>
      </xsl:for-each>
      <p class="imprint">{normalize-space($fd/publicationStmt/publisher[1])}</p>
    </section>
    <section class="edition-statement">
      <h2 class="plain">{t:label('print.edition')}</h2>
      <xsl:apply-templates select="($fd/sourceDesc/bibl)[1], $fd/sourceDesc/p" mode="p:front"/>
      <!-- statements of responsibility: sentences as the Wolfe editions write them ("Translated
           by …."), else as the header gives them ("translator: …") -->
      <xsl:for-each select="$fd/titleStmt/respStmt">
        <xsl:variable name="names"
          select="string-join((name | persName | orgName) ! normalize-space(), ', ')"/>
        <p class="resp">{if ($wolfe-header-prose)
          then p:capital(string-join(resp ! normalize-space(), ', ')) || ' ' || $names || '.'
          else string-join(resp ! normalize-space(), ', ') || ': ' || $names}</p>
      </xsl:for-each>
      <xsl:apply-templates select="$fd/sourceDesc/listWit" mode="p:front"/>
      <xsl:apply-templates select="$fd/sourceDesc/listBibl[not(bibl/@xml:id)]" mode="p:front"/>
      <p class="licence">{normalize-space($fd/publicationStmt/availability/licence)}</p>
    </section>
    <!-- a text without divisions, notes or additions has no contents page -->
    <xsl:variable name="contents" as="element()*">
      <!-- (a division's first heading: a second is its subtitle) -->
      <xsl:apply-templates select="text/(front, body, back)//*[t:is-division(.)]/head[1]"
        mode="p:contents"/>
      <xsl:if test=".//text//app/note">
        <li class="level-1"><a href="#editorial-notes">{t:label('print.notes')}</a></li>
      </xsl:if>
      <xsl:if test="$wolfe-header-prose and .//text//app[t:entry-kind(.) = 'addition']">
        <li class="level-1"><a href="#additions">{t:label('print.additions')}</a></li>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="exists($contents)">
      <nav class="contents">
        <h2 class="plain">{t:label('print.contents')}</h2>
        <ol>
          <xsl:sequence select="$contents"/>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- The source as a reference: "Author, Title (Place: Publisher, date), pp. …", and what
       the source's description says of the text (its untyped notes). -->
  <!-- A source described in prose, or by a reference without author or title (a digital
       source: its name and addresses, then the source it was made from): its words. -->
  <xsl:template match="sourceDesc/p | sourceDesc/bibl[not(author or title)]" mode="p:front"
    priority="1">
    <xsl:variable name="words" select="p:source-words(.)"/>
    <xsl:if test="$words">
      <p class="source">{t:label('print.source')} {replace($words, '([^.])$', '$1.')}</p>
    </xsl:if>
  </xsl:template>

  <xsl:function name="p:source-words" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="own" select="$bibl/(text()[normalize-space()] | *[not(self::bibl
      or self::availability or self::note[@type])]) ! normalize-space(string-join(
      .//text()[not(ancestor::note)] | self::text()))"/>
    <xsl:sequence select="string-join((string-join($own[.], ', '),
      $bibl/bibl ! p:source-words(.))[.], '; ')"/>
  </xsl:function>

  <xsl:template match="sourceDesc/bibl" mode="p:front">
    <xsl:variable name="imprint" select="string-join((string-join((pubPlace, publisher)
      ! normalize-space(), ': '), date ! normalize-space())[.], ', ')"/>
    <p class="source">
      <xsl:text>{t:label('print.source')} </xsl:text>
      <xsl:for-each select="author">{normalize-space()}, </xsl:for-each>
      <i>{normalize-space(title[1])}</i>
      <xsl:if test="$imprint">{' (' || $imprint || ')'}</xsl:if>
      <xsl:for-each select="biblScope[@unit = 'page']">
        <xsl:text>, {if (matches(., '^\s*pp?\.')) then '' else 'pp. '}{normalize-space()}</xsl:text>
      </xsl:for-each>
      <xsl:text>.</xsl:text>
    </p>
    <xsl:for-each select="note[not(@type)][$wolfe-header-prose]">
      <p class="source-note"><xsl:apply-templates mode="t:html"/></p>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="listWit" mode="p:front">
    <h3 class="plain">{t:label('witnesses')}</h3>
    <dl class="witnesses">
      <!-- every witness, a manuscript's hands after it, each siglum as the edition prints
           it (M<sup>ac</sup>) -->
      <xsl:for-each select=".//witness">
        <dt class="{if (ancestor::witness) then 'hand' else ''}">
          <xsl:sequence select="t:siglum(string((@xml:id, @n)[1]), .)/node()"/>
        </dt>
        <dd class="{if (ancestor::witness) then 'hand' else ''}">
          <!-- (its siglum is said already) -->
          <xsl:apply-templates mode="t:html"
            select="node()[not(self::listWit or self::abbr[@type = 'siglum'])]"/>
        </dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <!-- Other sources the edition describes (not witnesses): their heading and entries. -->
  <xsl:template match="listBibl" mode="p:front">
    <h3 class="plain">{normalize-space(head)}</h3>
    <xsl:for-each select="bibl">
      <p class="other-source"><xsl:apply-templates mode="t:html"/></p>
    </xsl:for-each>
  </xsl:template>

  <!-- What part of the document it faces a chapter says only where the project sets documents
       on facing pages (this overrides the rule of print.xsl, which shows it). -->
  <xsl:template match="div[not($facing-pages)]" mode="p:faces" priority="10"/>

  <!-- A statement of responsibility begins a sentence: its first letter a capital. -->
  <xsl:function name="p:capital" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="upper-case(substring($text, 1, 1)) || substring($text, 2)"/>
  </xsl:function>

  <xsl:template match="head" mode="p:contents">
    <xsl:variable name="words" select="p:words(.)"/>
    <xsl:if test="$words">
      <li class="level-{t:heading-depth(.)}">
        <a href="#{p:head-id(.)}">{$words}</a>
      </li>
    </xsl:if>
  </xsl:template>

  <!-- A heading's words as a running head or the contents say them: without its notes. -->
  <xsl:function name="p:words" as="xs:string">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="normalize-space(string-join($head//text()[not(ancestor::note)]))"/>
  </xsl:function>
</xsl:stylesheet>
