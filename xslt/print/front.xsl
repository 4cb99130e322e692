<?xml version="1.0" encoding="UTF-8"?>
<!-- The front of the book: title page, edition statement (with the witnesses), contents. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:p="urn:teitools:print"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template match="TEI" mode="p:front">
    <xsl:variable name="fd" select="teiHeader/fileDesc"/>
    <section class="title-page">
      <p class="running-title">{normalize-space((text/body/div/head, t:title(.))[1])}</p>
      <h1 class="title">{t:title(.)}</h1>
      <xsl:for-each select="t:subtitle(.)"><p class="subtitle">{.}</p></xsl:for-each>
      <xsl:for-each select="$fd/titleStmt/author">
        <p class="author">{normalize-space()}</p>
      </xsl:for-each>
      <p class="imprint">{normalize-space($fd/publicationStmt/publisher[1])}</p>
    </section>
    <section class="edition-statement">
      <h2 class="plain">{t:label('print.edition')}</h2>
      <xsl:apply-templates select="$fd/sourceDesc/bibl[1]" mode="p:front"/>
      <xsl:for-each select="$fd/titleStmt/respStmt">
        <p class="resp">{normalize-space(resp)} {string-join(name ! normalize-space(), ', ')}.</p>
      </xsl:for-each>
      <xsl:apply-templates select="$fd/sourceDesc/listWit" mode="p:front"/>
      <p class="licence">{normalize-space($fd/publicationStmt/availability/licence)}</p>
    </section>
    <nav class="contents">
      <h2 class="plain">{t:label('print.contents')}</h2>
      <ol>
        <xsl:apply-templates select="text/body//div/head" mode="p:contents"/>
        <xsl:if test=".//text//app/note">
          <li class="level-1"><a href="#editorial-notes">{t:label('print.notes')}</a></li>
        </xsl:if>
        <xsl:if test=".//text//app[t:entry-kind(.) = 'addition']">
          <li class="level-1"><a href="#additions">{t:label('print.additions')}</a></li>
        </xsl:if>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template match="sourceDesc/bibl" mode="p:front">
    <p class="source">{t:label('print.source')} {string-join((author, title, pubPlace,
      publisher, date, biblScope) ! normalize-space(), ', ')}.</p>
  </xsl:template>

  <xsl:template match="listWit" mode="p:front">
    <h3 class="plain">{t:label('witnesses')}</h3>
    <dl class="witnesses">
      <xsl:for-each select="witness">
        <dt>{(@n, @xml:id)[1]}</dt>
        <dd>{normalize-space()}</dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <xsl:template match="head" mode="p:contents">
    <li class="level-{t:heading-depth(.)}">
      <a href="#{p:head-id(.)}">{normalize-space()}</a>
    </li>
  </xsl:template>
</xsl:stylesheet>
