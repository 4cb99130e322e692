<?xml version="1.0" encoding="UTF-8"?>
<!-- The frame of every page of the site: head, banner, search form, footer. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:s="urn:teitools:site"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
    include-content-type="no"/>

  <!-- The documents' metadata, as the builder read their headers: from the site's layout. -->
  <xsl:param name="metadata" as="element()*" select="$site//s:edition/s:metadata"/>

  <xsl:template name="t:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="page-lang" as="xs:string" select="$lang"/>
    <xsl:param name="class" as="xs:string" select="''"/>
    <xsl:param name="scripts" as="xs:string*" select="'edition.js'"/>
    <xsl:param name="content" as="node()*"/>
    <!-- or, for a big page, the node whose template in mode t:main makes its content in
         place (what is given as $content is made first, then copied) -->
    <xsl:param name="main" as="node()?" select="()"/>
    <html lang="{$page-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="teitools"/>
        <title>{$title} · {t:label('site.title')}</title>
        <xsl:for-each select="$t:edition/s:metadata">
          <xsl:if test="s:author">
            <meta name="author" content="{string-join(s:author, ', ')}"/>
          </xsl:if>
          <xsl:for-each select="s:description">
            <meta name="description" content="{.}"/>
          </xsl:for-each>
        </xsl:for-each>
        <link rel="icon" href="data:,"/>
        <link rel="stylesheet" href="{$t:assets}mapping.css"/>
        <link rel="stylesheet" href="{$t:assets}edition.css"/>
        <script type="application/json" id="teitools-labels">{
          serialize(t:labels(), map { 'method': 'json' })}</script>
        <xsl:for-each select="$scripts">
          <script src="{$t:assets}{.}" defer="defer"></script>
        </xsl:for-each>
      </head>
      <body class="{$class}">
        <a class="skip" href="#main">{t:label('nav.skip')}</a>
        <xsl:call-template name="t:banner"/>
        <main id="main" tabindex="-1">
          <xsl:sequence select="$content"/>
          <xsl:apply-templates select="$main" mode="t:main"/>
        </main>
        <footer class="site-footer">
          <p>{t:label('site.made')}</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="t:banner">
    <header class="banner">
      <a class="site-title" href="{$site/s:site/@index}">{t:label('site.title')}</a>
      <nav class="site-nav" aria-label="{t:label('nav.main')}">
        <a href="{$site/s:site/@index}">{t:label('nav.editions')}</a>
        <a href="{$site/s:site/@search}">{t:label('search')}</a>
      </nav>
      <form class="site-search" role="search" action="{$site/s:site/@search}" method="get"
        aria-label="{t:label('search.quick')}">
        <label for="site-q" class="visually-hidden">{t:label('search.label')}</label>
        <input id="site-q" type="search" name="q" placeholder="{t:label('search.label')}"/>
        <button type="submit">{t:label('search')}</button>
      </form>
    </header>
  </xsl:template>
</xsl:stylesheet>
