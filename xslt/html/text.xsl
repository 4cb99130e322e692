<?xml version="1.0" encoding="UTF-8"?>
<!-- The TEI text as HTML pages show it: what the page adds to the one mapping of TEI
     elements (../tei/tei.xsl, mode t:html): pages shown one at a time, anchors with the view's
     prefix, the units the text is cited by (paragraphs, verse lines, speeches…: see
     t:citation-unit) numbered to cite them, notes at the end of their division, links within
     the site.

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

  <!-- A numbered paragraph (where the text is cited by paragraphs): its anchor, and its
       number in the margin to cite it by. A part continued from the page before has neither. -->
  <xsl:template match="p[t:cited(.)][t:citation-unit(.) = 'paragraph']" mode="t:html"
    priority="6">
    <xsl:param name="t:from" as="element()?" tunnel="yes"/>
    <xsl:variable name="n" select="t:paragraph-number(.)"/>
    <xsl:variable name="continued" select="exists($t:from/ancestor::* intersect .)"/>
    <p class="{if ($continued) then 'p continued' else 'p'}" data-n="{$n}"
      data-page="{t:page-of(.)}">
      <xsl:if test="not($continued)">
        <xsl:call-template name="t:anchor">
          <xsl:with-param name="id" select="t:citation-anchor(.)"/>
        </xsl:call-template>
        <xsl:call-template name="t:cite-link"/>
      </xsl:if>
      <xsl:apply-templates mode="t:html"/>
    </p>
  </xsl:template>

  <!-- Any other unit the text is cited by (a verse line, a speech, an anonymous block, a block
       by its @n): what the mapping makes of it, with the unit's anchor (its own xml:id kept
       inside), its place for the citation, and its number in the margin to cite it by (every
       fifth verse line, in place of the line's plain number). -->
  <xsl:template match="*[t:cited(.)]" mode="t:html" priority="5">
    <xsl:param name="t:from" as="element()?" tunnel="yes"/>
    <xsl:variable name="unit" select="."/>
    <xsl:variable name="made" as="node()*">
      <xsl:next-match/>
    </xsl:variable>
    <xsl:variable name="continued" select="exists($t:from/ancestor::* intersect .)"/>
    <xsl:variable name="shown" select="not($unit/self::l) or t:line-shown($unit)"/>
    <xsl:for-each select="$made">
      <xsl:choose>
        <xsl:when test="self::* and not($continued)">
          <xsl:copy>
            <xsl:copy-of select="@* except (@id | @class)"/>
            <xsl:attribute name="class" select="string-join((@class, 'cited'), ' ')"/>
            <xsl:attribute name="data-cite" select="t:citation-label($unit, false())"/>
            <xsl:attribute name="data-page" select="t:page-of($unit)"/>
            <xsl:call-template name="t:anchor">
              <xsl:with-param name="id" select="t:citation-anchor($unit)"/>
            </xsl:call-template>
            <xsl:for-each select="@id">
              <span id="{.}"/>
            </xsl:for-each>
            <xsl:if test="$shown">
              <xsl:call-template name="t:cite-link">
                <xsl:with-param name="unit" select="$unit"/>
              </xsl:call-template>
            </xsl:if>
            <xsl:copy-of select="node() except *:span[@class = 'l-n'][$shown]"/>
          </xsl:copy>
        </xsl:when>
        <xsl:otherwise>
          <xsl:copy-of select="."/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The number of a cited unit as a link to its anchor, which "cite this passage" opens.
       (Not in a facing document: its passages are cited on its own page.) -->
  <xsl:template name="t:cite-link">
    <xsl:param name="unit" as="element()" select="."/>
    <xsl:param name="t:ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="t:prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:if test="$t:ids and $t:prefix = ''">
      <a class="para-n{' l-n'[$unit/self::l]}" href="#{$t:prefix}{t:citation-anchor($unit)}"
        aria-label="{t:citation-label($unit, true())}">{t:citation-number($unit)}</a>
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
    <xsl:next-match/>
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
