<?xml version="1.0" encoding="UTF-8"?>
<!-- The TEI text as HTML pages show it: what the page adds to the one mapping of TEI
     elements (../tei/tei.xsl, mode t:html): pages shown one at a time, anchors with the view's
     prefix, numbered paragraphs to cite, notes at the end of their division, links within the
     site.

     Tunnel parameters carry the view down the tree:
       t:witness  whose readings are shown (default: $witness)
       t:other    the witness compared with, whose differences are marked ('' for none)
       t:ids      whether elements get their anchors (false in the second column of a compare)
       t:prefix   put before every anchor (for a facing document shown inside this page)
       t:level    added to a heading's depth for its h1…h6
       t:from, t:to   the page shown: only what lies between these page breaks (see spreads.xsl)
       t:paged    whether notes are listed under each page rather than each division -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- Only what lies on the page shown passes (everything, where no page is asked for). -->
  <xsl:template match="node()" mode="t:html" priority="100">
    <xsl:param name="t:from" as="element()?" tunnel="yes"/>
    <xsl:param name="t:to" as="element()?" tunnel="yes"/>
    <xsl:if test="t:in-range(., $t:from, $t:to)">
      <xsl:next-match/>
    </xsl:if>
  </xsl:template>

  <!-- A division: a section, its notes at its end where it is the place for them. -->
  <xsl:template match="div" mode="t:html">
    <xsl:param name="t:paged" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="t:from" as="element()?" tunnel="yes"/>
    <section class="div div-{@type}">
      <xsl:if test="empty($t:from/ancestor::* intersect .)">
        <xsl:call-template name="t:anchor">
          <xsl:with-param name="id" select="t:div-id(.)"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:apply-templates mode="t:html"/>
      <xsl:if test="not($t:paged) and t:holds-notes(.)">
        <xsl:call-template name="t:footnotes">
          <xsl:with-param name="notes"
            select=".//note[t:footnote(.)][ancestor::div[t:holds-notes(.)][1] is current()]"/>
        </xsl:call-template>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- A numbered paragraph: its anchor, and its number in the margin to cite it by. A part
       continued from the page before has neither. -->
  <xsl:template match="p[t:numbered(.)]" mode="t:html">
    <xsl:param name="t:from" as="element()?" tunnel="yes"/>
    <xsl:variable name="n" select="t:paragraph-number(.)"/>
    <xsl:variable name="continued" select="exists($t:from/ancestor::* intersect .)"/>
    <p class="{if ($continued) then 'p continued' else 'p'}" data-n="{$n}"
      data-page="{t:page-of(.)}">
      <xsl:if test="not($continued)">
        <xsl:call-template name="t:anchor">
          <xsl:with-param name="id" select="t:paragraph-anchor($n)"/>
        </xsl:call-template>
        <xsl:call-template name="t:paragraph-number">
          <xsl:with-param name="n" select="$n"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:apply-templates mode="t:html"/>
    </p>
  </xsl:template>

  <!-- (Not in a facing document: its paragraphs are cited on its own page.) -->
  <xsl:template name="t:paragraph-number">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:param name="t:ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="t:prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:if test="$t:ids and $t:prefix = ''">
      <a class="para-n" href="#{$t:prefix}{t:paragraph-anchor($n)}"
        aria-label="{t:label('paragraph.cite', $n)}">{$n}</a>
    </xsl:if>
  </xsl:template>

  <xsl:template match="listBibl" mode="t:html">
    <xsl:apply-templates select="head" mode="t:html"/>
    <ul class="bibl-list">
      <xsl:for-each select="* except head">
        <li>
          <xsl:call-template name="t:anchor">
            <xsl:with-param name="id" select="string(@xml:id)"/>
          </xsl:call-template>
          <xsl:apply-templates mode="t:html"/>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <xsl:template match="bibl" mode="t:html">
    <span class="bibl">
      <xsl:apply-templates mode="t:html"/>
    </span>
    <xsl:call-template name="t:quotation-link"/>
  </xsl:template>

  <!-- A reference: a link where it leads somewhere this site has (another edition, an anchor
       of this page) or to the web; else its words. -->
  <xsl:template match="ref[@target]" mode="t:html">
    <xsl:variable name="href" select="t:href(@target)"/>
    <xsl:choose>
      <xsl:when test="exists($href)">
        <a href="{$href}">
          <xsl:apply-templates mode="t:html"/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates mode="t:html"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An id for an element, with the view's prefix; none where the view wants none. -->
  <xsl:template name="t:anchor">
    <xsl:param name="id" as="xs:string?"/>
    <xsl:param name="t:ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="t:prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:if test="$t:ids and $id">
      <xsl:attribute name="id" select="$t:prefix || $id"/>
    </xsl:if>
  </xsl:template>

  <!-- A division's anchor: its xml:id, else its place among the divisions. -->
  <xsl:function name="t:div-id" as="xs:string">
    <xsl:param name="div" as="element(div)"/>
    <xsl:sequence select="string(($div/@xml:id, 'div-' || count($div/preceding::div)
      + count($div/ancestor::div) + 1)[1])"/>
  </xsl:function>
</xsl:stylesheet>
