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

  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>

  <xsl:template match="/">
    <xsl:call-template name="t:page">
      <xsl:with-param name="title" select="string-join((t:title(.), t:view-title()), ' · ')"/>
      <xsl:with-param name="page-lang" select="(t:lang(TEI), $lang)[1]"/>
      <xsl:with-param name="class" select="'edition' || ' compare-view'[$compare != '']"/>
      <xsl:with-param name="content">
        <xsl:apply-templates select="TEI/teiHeader" mode="t:front"/>
        <xsl:if test="$compare = ''">
          <xsl:call-template name="t:toc"/>
        </xsl:if>
        <article id="text" class="text" aria-label="{t:label('edition.text')}"
          data-cite-author="{TEI/teiHeader/fileDesc/titleStmt/author[1] ! normalize-space()}"
          data-cite-title="{t:title(.)}" data-cite-witness="{$witness}"
          data-cite-edition="{TEI/teiHeader/fileDesc/publicationStmt/(publisher, date)
            ! normalize-space() => string-join(', ')}"
          data-cite-base="{$base-url}">
          <xsl:call-template name="t:text-view"/>
        </article>
        <xsl:call-template name="t:apparatus"/>
        <xsl:call-template name="t:witness-list"/>
        <xsl:apply-templates select="TEI/teiHeader" mode="t:about"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The text: two witnesses side by side, or page by page with the facing document, or
       straight through. -->
  <xsl:template name="t:text-view">
    <xsl:choose>
      <xsl:when test="$compare != ''">
        <xsl:call-template name="t:compare-view"/>
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

  <!-- What this page shows, for its title: the witness, or the two compared. -->
  <xsl:function name="t:view-title" as="xs:string?">
    <xsl:sequence select="
      if ($compare != '') then t:label('compare.title', ($witness, $compare))
      else if ($witness != '' and not($t:edition/s:page[@witness = $witness]/@base = 'true'))
      then t:label('witness.reading', $witness) else ()"/>
  </xsl:function>
</xsl:stylesheet>
