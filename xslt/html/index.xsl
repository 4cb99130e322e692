<?xml version="1.0" encoding="UTF-8"?>
<!-- The site's front page (the editions, with their sources, witnesses and downloads) and its
     search page. Called by name: t:index, t:search. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:s="urn:teitools:site"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:mode name="t:index" on-no-match="fail" use-accumulators="#all"/>

  <xsl:import href="edition.xsl"/>

  <xsl:template name="t:index">
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="t:label('nav.editions')"/>
      <xsl:with-param name="class" select="'index'"/>
      <xsl:with-param name="content">
        <header class="edition-head">
          <h1>{t:label('site.title')}</h1>
          <p class="subtitle">{t:label('index.intro')}</p>
        </header>
        <ul class="editions">
          <xsl:choose>
            <xsl:when test="$cards">
              <!-- each edition's card, made with its own documents (t:index-card), goes here -->
              <xsl:comment>teitools-cards</xsl:comment>
            </xsl:when>
            <xsl:otherwise>
              <xsl:apply-templates select="$site//s:edition" mode="t:index"/>
            </xsl:otherwise>
          </xsl:choose>
        </ul>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The index made of cards: each edition's card (t:index-card, of the edition named by
       $only) is made on its own and put in its place by teitools.render.html. -->
  <xsl:param name="cards" as="xs:boolean" select="false()"/>
  <xsl:param name="only" as="xs:string" select="''"/>

  <xsl:template name="t:index-card">
    <xsl:apply-templates select="$site//s:edition[@source = $only]" mode="t:index"/>
  </xsl:template>

  <xsl:template match="s:edition" mode="t:index">
    <xsl:variable name="doc" select="$documents[t:file-name(.) = current()/@source][1]"/>
    <xsl:variable name="faces" select="distinct-values($doc//text//pb/@corresp
      ! replace(., '#.*$', ''))"/>
    <xsl:variable name="lang" select="t:language($doc)"/>
    <li class="edition-card">
      <h2>
        <xsl:if test="$lang"><xsl:attribute name="lang" select="$lang"/></xsl:if>
        <a href="{@href}">{t:title($doc)}</a>
      </h2>
      <xsl:for-each select="t:subtitle($doc)">
        <p class="subtitle">
          <xsl:if test="$lang"><xsl:attribute name="lang" select="$lang"/></xsl:if>
          <xsl:text>{.}</xsl:text>
        </p>
      </xsl:for-each>
      <xsl:call-template name="t:byline">
        <xsl:with-param name="doc" select="$doc"/>
      </xsl:call-template>
      <!-- the source as its bibl cites it, where that says more than a name and a link -->
      <xsl:apply-templates select="$doc/TEI/teiHeader/fileDesc/sourceDesc/bibl[1]
        [normalize-space(string-join((author, title, pubPlace, publisher, date, biblScope)))]"
        mode="t:source"/>
      <xsl:for-each select="$faces[. = $site//s:edition/@source]">
        <p class="faces-note">{t:label('index.facing', t:short-title(.))}</p>
      </xsl:for-each>
      <xsl:call-template name="t:index-witnesses">
        <xsl:with-param name="doc" select="$doc"/>
      </xsl:call-template>
      <xsl:call-template name="t:downloads">
        <xsl:with-param name="edition" select="."/>
      </xsl:call-template>
    </li>
  </xsl:template>

  <!-- Who wrote it and when: the authors' names, the date of the work (else of its source). -->
  <xsl:template name="t:byline">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="authors" select="t:authors($doc)"/>
    <xsl:variable name="date" select="(s:metadata/s:date[@of = 'work'],
      s:metadata/s:date[@of = 'source'])[1]"/>
    <xsl:if test="exists(($authors, $date))">
      <p class="byline">
        <xsl:for-each select="$authors">
          <xsl:if test="position() > 1">{t:separator($authors)}</xsl:if>
          <span class="author">{.}</span>
        </xsl:for-each>
        <xsl:if test="exists($authors) and exists($date)"> · </xsl:if>
        <xsl:for-each select="$date">
          <time class="date date-{@of}">
            <xsl:if test="@when"><xsl:attribute name="datetime" select="@when"/></xsl:if>
            <xsl:text>{t:date-label(.)}</xsl:text>
          </time>
        </xsl:for-each>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- A date as a reader wants it: its text, unless there is none or it runs on past the
       date ("1885. Tous droits réservés."); then the ISO date, a day or a month written out
       (in the language of the labels), the bounds of an interval joined by a dash. -->
  <xsl:function name="t:date-label" as="xs:string">
    <xsl:param name="date" as="element()"/>
    <xsl:variable name="text" select="normalize-space($date)"/>
    <xsl:sequence select="if ($date/@when and ($text = $date/@when or matches($text, '\.\s+\S')))
      then string-join(tokenize($date/@when, '/') ! t:iso-label(.), '–') else $text"/>
  </xsl:function>

  <xsl:function name="t:iso-label" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:sequence select="
      if ($iso castable as xs:date) then format-date(xs:date($iso), '[D] [MNn] [Y]', $lang, (), ())
      else if (matches($iso, '^\d{4}-\d\d$') and ($iso || '-01') castable as xs:date)
      then format-date(xs:date($iso || '-01'), '[MNn] [Y]', $lang, (), ())
      else replace($iso, '^\.\.$', '')"/>
  </xsl:function>

  <xsl:template name="t:index-witnesses">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="pages" select="s:page"/>
    <xsl:if test="count($pages) > 1">
      <p class="k">{t:label('witnesses')}
        <xsl:variable name="entries" select="count($doc//text//app)"/>
        <xsl:if test="$entries"> · {t:label(if ($entries = 1) then 'index.entry'
          else 'index.entries', $entries)}</xsl:if>
      </p>
      <dl class="witness-summary">
        <xsl:for-each select="$pages">
          <!-- (a page of no witness is the edited text: the lemmas of a negative apparatus) -->
          <dt><a href="{@href}">{(@witness[. != ''], t:label('witness.lemma'))[1]}</a></dt>
          <dd>{t:witness-label(@witness, $doc)}</dd>
        </xsl:for-each>
      </dl>
    </xsl:if>
  </xsl:template>

  <xsl:template name="t:search">
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="t:label('search.title')"/>
      <xsl:with-param name="class" select="'search'"/>
      <xsl:with-param name="scripts" select="'edition.js', 'search-index.js', 'search.js'"/>
      <xsl:with-param name="content">
        <header class="edition-head">
          <h1>{t:label('search.title')}</h1>
        </header>
        <form class="search-form" role="search" action="{$site/s:site/@search}" method="get">
          <label for="q">{t:label('search.label')}</label>
          <input id="q" type="search" name="q" autocomplete="off"/>
          <button type="submit">{t:label('search')}</button>
        </form>
        <noscript><p class="view-note">{t:label('search.noscript')}</p></noscript>
        <p id="search-status" class="search-status" role="status" aria-live="polite"></p>
        <ol id="search-results" class="search-results"></ol>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
