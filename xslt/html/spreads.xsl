<?xml version="1.0" encoding="UTF-8"?>
<!-- The text page by page, as the printed book has it: each page of the text beside the page
     of the document that faces it (Wolfe's commentary beside the report). A page is what lies
     between two page breaks; an element cut by a break is shown in part on both pages. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:mode name="t:spread" on-no-match="fail" use-accumulators="#all"/>
  <xsl:mode name="t:facing" on-no-match="fail" use-accumulators="#all"/>

  <!-- Whether this document is shown in spreads: some other document faces its pages (none
       does unless its project turns facing-pages on: see $facing). -->
  <xsl:function name="t:has-spreads" as="xs:boolean">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="exists($doc/TEI/text//pb[t:in-series(.)][exists(t:facing-pages(.))])"/>
  </xsl:function>

  <xsl:template name="t:spreads">
    <xsl:variable name="pages" select="/TEI/text//pb[t:in-series(.)]"/>
    <div class="preamble">
      <xsl:apply-templates select="/TEI/text/*" mode="t:html">
        <xsl:with-param name="t:to" select="$pages[1]" tunnel="yes"/>
        <xsl:with-param name="t:paged" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </div>
    <xsl:apply-templates select="$pages" mode="t:spread"/>
  </xsl:template>

  <!-- One spread: the page, its notes, and the pages that face it. -->
  <xsl:template match="pb" mode="t:spread">
    <xsl:variable name="to" select="t:next-page(.)"/>
    <section class="spread" aria-label="{t:label('page.long', string(@n))}">
      <div class="page">
        <xsl:call-template name="t:page-number"/>
        <xsl:apply-templates select="/TEI/text/*" mode="t:html">
          <xsl:with-param name="t:from" select="." tunnel="yes"/>
          <xsl:with-param name="t:to" select="$to" tunnel="yes"/>
          <xsl:with-param name="t:paged" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
        <xsl:call-template name="t:footnotes">
          <xsl:with-param name="notes"
            select="/TEI/text//note[t:footnote(.)][t:in-range(., current(), $to)]"/>
        </xsl:call-template>
      </div>
      <xsl:apply-templates select="t:facing-pages(.)" mode="t:facing"/>
    </section>
  </xsl:template>

  <!-- A page of the facing document, collapsible (and collapsed on narrow screens). -->
  <xsl:template match="pb" mode="t:facing">
    <xsl:variable name="to" select="t:next-page(.)"/>
    <xsl:variable name="prefix" select="t:facing-prefix(.)"/>
    <xsl:variable name="label" select="$prefix || @xml:id || '-label'"/>
    <aside class="facing" aria-labelledby="{$label}" lang="{t:lang(.)}">
      <details class="facing-page" open="open">
        <summary id="{$label}">{t:label('facing.page', (t:title(.), string(@n)))}</summary>
        <div class="facing-text">
          <a class="pb facing-pb" href="{t:site-edition(root(.))/@href}#{@xml:id}"
            id="{$prefix}{@xml:id}">{@n}</a>
          <xsl:apply-templates select="root(.)/TEI/text/*" mode="t:html">
            <xsl:with-param name="t:from" select="." tunnel="yes"/>
            <xsl:with-param name="t:to" select="$to" tunnel="yes"/>
            <xsl:with-param name="t:paged" select="true()" tunnel="yes"/>
            <xsl:with-param name="t:prefix" select="$prefix" tunnel="yes"/>
            <xsl:with-param name="t:level" select="2" tunnel="yes"/>
          </xsl:apply-templates>
          <xsl:call-template name="t:footnotes">
            <xsl:with-param name="notes"
              select="root(.)/TEI/text//note[t:footnote(.)][t:in-range(., current(), $to)]"/>
            <xsl:with-param name="t:prefix" select="$prefix" tunnel="yes"/>
          </xsl:call-template>
        </div>
      </details>
    </aside>
  </xsl:template>

  <!-- The page number in the margin: the anchor of the page (#p88), a link to itself. -->
  <xsl:template name="t:page-number">
    <xsl:variable name="id" select="t:page-id(.)"/>
    <a class="pb" id="{$id}" href="#{$id}">
      <span class="visually-hidden">{t:label('page.long', '')}</span>{@n}</a>
  </xsl:template>

  <!-- A page break in running text: its number in the margin; where it faces a page of
       another document, a link to that page too (where the project sets documents on facing
       pages: the feature facing-pages). -->
  <xsl:template match="pb[t:in-series(.)]" mode="t:html">
    <xsl:param name="t:ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:if test="$t:ids">
      <xsl:if test="ancestor::p">
        <span class="pb-bar" aria-hidden="true">|</span>
      </xsl:if>
      <xsl:call-template name="t:page-number"/>
      <xsl:for-each select="(for $p in tokenize(@corresp[$facing-pages])
        return t:resolve($p, .))[self::pb]">
        <a class="faces" href="{t:site-edition(root(.))/@href}#{@xml:id}"
          aria-label="{t:label('facing.opposite', (string(@n), t:title(.)))}">{
          t:label('facing.short', string(@n))}</a>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- A page break's anchor: its xml:id, else page-N; in a teiCorpus after its document's
       prefix (t:document-prefix), as the same page numbers come again in each document. -->
  <xsl:function name="t:page-id" as="xs:string">
    <xsl:param name="pb" as="element(pb)"/>
    <xsl:sequence select="string(($pb/@xml:id, t:document-prefix($pb) || 'page-' || $pb/@n)[1])"/>
  </xsl:function>

  <!-- Anchors of a facing document are prefixed with its name, to stay apart from ours. -->
  <xsl:function name="t:facing-prefix" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="t:site-edition(root($node))/@id || '-'"/>
  </xsl:function>
</xsl:stylesheet>
