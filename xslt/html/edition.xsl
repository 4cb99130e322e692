<?xml version="1.0" encoding="UTF-8"?>
<!-- The page of one edition: a TEI document as a witness reads it ($witness), or two witnesses
     side by side ($compare), with its apparatus, witnesses, contents and downloads.
     Run once per page by teitools.render.html, which passes $site (the site's layout). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:s="urn:teitools:site"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="../tei/tei.xsl"/>
  <xsl:include href="site.xsl"/>
  <xsl:include href="layout.xsl"/>
  <xsl:include href="text.xsl"/>
  <xsl:include href="notes.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="spreads.xsl"/>
  <xsl:include href="compare.xsl"/>
  <xsl:include href="front.xsl"/>
  <xsl:include href="search-passages.xsl"/>
  <xsl:include href="../tei/hanging-notes.xsl"/>

  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>
  <xsl:mode name="t:main" on-no-match="fail" use-accumulators="#all"/>

  <!-- What a page is made of, computed once for all the pages of an edition:
       fragment="apparatus" gives only the list of entries (the same on every page), which
       the pages then take as $apparatus-list instead of making it again. -->
  <xsl:param name="fragment" as="xs:string" select="''"/>

  <!-- With the page, what the site takes from this edition besides its pages: its search
       passages, as the result document "search.json" (JSON text; teitools.render.html
       captures it, nothing is written). Asked for with the page of the base text, so that
       the document is read, and its cited units found, once for both. -->
  <xsl:param name="site-parts" as="xs:boolean" select="false()"/>
  <xsl:param name="apparatus-list" as="node()*" select="()"/>

  <xsl:template match="document-node()[$fragment = 'apparatus']" priority="2">
    <xsl:call-template name="t:apparatus"/>
  </xsl:template>

  <!-- fragment="summaries": each entry's one-line summary (the name of its marker), in the
       order of the entries, which the pages take as $entry-summaries. -->
  <xsl:template match="document-node()[$fragment = 'summaries']" priority="2">
    <div>
      <xsl:for-each select="//text//app">
        <span>{t:entry-summary(.)}</span>
      </xsl:for-each>
    </div>
  </xsl:template>

  <xsl:template match="/">
    <xsl:variable name="corpus" select="exists(teiCorpus)"/>
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="string-join((t:title(.), t:view-title()), ' · ')"/>
      <xsl:with-param name="page-lang" select="(t:lang(*), $lang)[1]"/>
      <xsl:with-param name="class" select="'edition' || ' compare-view'[$compare != '']
        || ' corpus'[$corpus]"/>
      <xsl:with-param name="main" select="."/>
    </xsl:call-template>
    <xsl:if test="$site-parts">
      <xsl:result-document href="search.json" method="text">
        <xsl:value-of select="serialize(t:passages($source-name), map { 'method': 'json' })"/>
      </xsl:result-document>
    </xsl:if>
  </xsl:template>

  <!-- What the page shows: the front matter, the contents, the text, its apparatus and
       witnesses, and what the edition is. -->
  <xsl:template match="/" mode="t:main">
    <xsl:variable name="header" select="*/teiHeader"/>
    <xsl:apply-templates select="$header" mode="t:front"/>
    <xsl:if test="$compare = ''">
      <xsl:choose>
        <xsl:when test="teiCorpus">
          <xsl:call-template name="t:corpus-toc"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="t:toc"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
    <article id="text" class="text" aria-label="{t:label('edition.text')}"
      data-cite-author="{$header/fileDesc/titleStmt/author[1] ! normalize-space()}"
      data-cite-title="{t:title(.)}" data-cite-witness="{$witness}"
      data-cite-edition="{$header/fileDesc/publicationStmt/(publisher, date)
        ! normalize-space() => string-join(', ')}"
      data-cite-base="{$base-url}">
      <xsl:call-template name="t:text-view"/>
    </article>
    <xsl:choose>
      <xsl:when test="exists($apparatus-list)">
        <xsl:sequence select="$apparatus-list"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="t:apparatus"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="t:witness-list"/>
    <xsl:apply-templates select="$header" mode="t:about"/>
  </xsl:template>

  <!-- The text: two witnesses side by side, or page by page with the facing document, or
       straight through; a corpus, document by document. -->
  <xsl:template name="t:text-view">
    <xsl:choose>
      <xsl:when test="$compare != ''">
        <xsl:call-template name="t:compare-view"/>
      </xsl:when>
      <xsl:when test="teiCorpus">
        <xsl:apply-templates select="teiCorpus/(TEI | teiCorpus)" mode="t:corpus"/>
      </xsl:when>
      <xsl:when test="t:has-spreads(/)">
        <xsl:call-template name="t:spreads"/>
      </xsl:when>
      <xsl:otherwise>
        <div class="running">
          <xsl:apply-templates select="TEI/text" mode="t:html"/>
          <xsl:call-template name="t:footnotes">
            <xsl:with-param name="notes"
              select="TEI/text//note[t:footnote(.)][empty(ancestor::div[t:holds-notes(.)])]"/>
          </xsl:call-template>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ==== a teiCorpus: each TEI a document of its own ==== -->

  <!-- A TEI of the corpus: an article with its own title, divisions, notes and pages; its
       headings one level below its title, its passages cited after its own prefix. -->
  <xsl:template match="TEI" mode="t:corpus">
    <xsl:variable name="level" select="count(ancestor::teiCorpus)"/>
    <article class="document" id="{t:document-id(.)}" data-cite-title="{t:own-title(.)}">
      <xsl:apply-templates select="@xml:lang" mode="t:html"/>
      <header class="document-head">
        <xsl:element name="h{min((6, $level + 1))}">{t:own-title(.)}</xsl:element>
        <xsl:for-each select="teiHeader/fileDesc/titleStmt/author[normalize-space()]">
          <p class="author">{normalize-space()}</p>
        </xsl:for-each>
      </header>
      <div class="running">
        <xsl:apply-templates select="text" mode="t:html">
          <xsl:with-param name="t:level" select="$level + 1" tunnel="yes"/>
        </xsl:apply-templates>
        <xsl:call-template name="t:footnotes">
          <xsl:with-param name="notes"
            select="text//note[t:footnote(.)][empty(ancestor::div[t:holds-notes(.)])]"/>
        </xsl:call-template>
      </div>
    </article>
  </xsl:template>

  <!-- A corpus inside the corpus: a section with its title, its documents in it. -->
  <xsl:template match="teiCorpus" mode="t:corpus">
    <xsl:variable name="level" select="count(ancestor::teiCorpus)"/>
    <section class="corpus" id="{t:document-id(.)}">
      <xsl:element name="h{min((6, $level + 1))}">{t:own-title(.)}</xsl:element>
      <xsl:apply-templates select="TEI | teiCorpus" mode="t:corpus"/>
    </section>
  </xsl:template>

  <!-- The contents of a corpus: its documents, each with its divisions. -->
  <xsl:template name="t:corpus-toc">
    <nav class="toc" aria-labelledby="toc-h">
      <details>
        <summary><h2 id="toc-h">{t:label('nav.contents')}</h2></summary>
        <ol>
          <xsl:apply-templates select="teiCorpus/(TEI | teiCorpus)" mode="t:corpus-toc"/>
          <li><a href="#about">{t:label('edition.about')}</a></li>
        </ol>
      </details>
    </nav>
  </xsl:template>

  <xsl:template match="TEI | teiCorpus" mode="t:corpus-toc">
    <li>
      <a href="#{t:document-id(.)}">{t:own-title(.)}</a>
      <xsl:variable name="parts" as="element()*">
        <xsl:apply-templates select="self::TEI/text/*/div" mode="t:toc"/>
        <xsl:apply-templates select="TEI | teiCorpus" mode="t:corpus-toc"/>
      </xsl:variable>
      <xsl:if test="exists($parts)">
        <ol>
          <xsl:sequence select="$parts"/>
        </ol>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- What this page shows, for its title: the witness, or the two compared. -->
  <xsl:function name="t:view-title" as="xs:string?">
    <xsl:sequence select="
      if ($compare != '') then t:label('compare.title', ($witness, $compare))
      else if ($witness != '' and not($t:edition/s:page[@witness = $witness]/@base = 'true'))
      then t:label('witness.reading', $witness) else ()"/>
  </xsl:function>
</xsl:stylesheet>
