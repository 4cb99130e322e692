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
          <xsl:apply-templates select="$site//s:edition" mode="t:index"/>
        </ul>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="s:edition" mode="t:index">
    <xsl:variable name="doc" select="$documents[t:file-name(.) = current()/@source][1]"/>
    <xsl:variable name="faces" select="distinct-values($doc//text//pb/@corresp
      ! replace(., '#.*$', ''))"/>
    <li class="edition-card">
      <h2><a href="{@href}">{t:title($doc)}</a></h2>
      <xsl:for-each select="t:subtitle($doc)">
        <p class="subtitle">{.}</p>
      </xsl:for-each>
      <xsl:apply-templates select="$doc/TEI/teiHeader/fileDesc/sourceDesc/bibl[1]" mode="t:source"/>
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

  <xsl:template name="t:index-witnesses">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="pages" select="s:page"/>
    <xsl:if test="count($pages) > 1">
      <p class="k">{t:label('witnesses')}
        <xsl:if test="$doc//text//app"> · {t:label('index.entries', count($doc//text//app))}</xsl:if>
      </p>
      <dl class="witness-summary">
        <xsl:for-each select="$pages">
          <dt><a href="{@href}">{@witness}</a></dt>
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
