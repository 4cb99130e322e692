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

  <!-- Only what lies on the page shown passes (everything, where no page is asked for: only
       spreads.xsl asks for one, where another document faces this one, so elsewhere this
       template is not even tried). -->
  <xsl:template match="node()[exists($facing)]" mode="t:html" priority="100">
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
    <!-- (its type, if it has one, as a class: div-act, div-scene) -->
    <section class="{string-join(('div', @type[normalize-space()] ! ('div-' || .)), ' ')}">
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

  <!-- A unit the text is cited by (only a p, l, sp, ab or lg can be: its record, t:citation,
       looked up once here). A numbered paragraph (where the text is cited by paragraphs): its
       anchor, and its number in the margin to cite it by. Any other unit (a verse line, a
       speech, an anonymous block, a block by its @n): what the mapping makes of it, told by
       t:cited-unit to add what a unit has (t:attributes below). A part continued from the
       page before has none of this. -->
  <xsl:template match="p | l | sp | ab | lg" mode="t:html" priority="5">
    <xsl:param name="t:from" as="element()?" tunnel="yes"/>
    <xsl:variable name="cited" select="t:citation(.)"/>
    <xsl:variable name="continued" select="exists($t:from/ancestor::* intersect .)"/>
    <xsl:choose>
      <xsl:when test="$cited?unit = 'paragraph'">
        <p class="{if ($continued) then 'p continued' else 'p'}" data-n="{$cited?n}"
          data-page="{$cited?page}">
          <xsl:if test="not($continued)">
            <xsl:call-template name="t:anchor">
              <xsl:with-param name="id" select="$cited?anchor"/>
            </xsl:call-template>
            <xsl:call-template name="t:cite-link">
              <xsl:with-param name="cited" select="$cited"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:apply-templates mode="t:html"/>
        </p>
      </xsl:when>
      <!-- (only a unit is told: t:cited-unit is read by asking whether it is the element at
           hand, which a record passed down from an enclosing unit never is) -->
      <xsl:when test="exists($cited) and not($continued)">
        <xsl:next-match>
          <xsl:with-param name="t:cited-unit" select="$cited" tunnel="yes"/>
        </xsl:next-match>
      </xsl:when>
      <xsl:otherwise>
        <xsl:next-match/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The attributes every mapped element carries (../tei/tei.xsl); the unit passed down as
       t:cited-unit has after its language the class "cited", its place for the citation, its
       page and the unit's anchor, then first inside it its own xml:id as an empty span's id,
       and its number in the margin to cite it by (every fifth verse line: the mapping leaves
       out the line's plain number). -->
  <xsl:template name="t:attributes">
    <xsl:param name="class" as="xs:string*" select="local-name()"/>
    <xsl:param name="t:cited-unit" as="map(*)?" tunnel="yes"/>
    <xsl:param name="t:ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="t:prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:variable name="classes" select="t:classes(., $class)"/>
    <xsl:choose>
      <xsl:when test=". is $t:cited-unit?el">
        <xsl:variable name="cited" select="$t:cited-unit"/>
        <xsl:apply-templates select="@xml:lang" mode="t:html"/>
        <xsl:attribute name="class" select="string-join(($classes[.], 'cited'), ' ')"/>
        <xsl:attribute name="data-cite" select="t:place($cited, false())"/>
        <xsl:attribute name="data-page" select="$cited?page"/>
        <xsl:call-template name="t:anchor">
          <xsl:with-param name="id" select="$cited?anchor"/>
        </xsl:call-template>
        <xsl:if test="$t:ids and string(@xml:id)">
          <span id="{$t:prefix}{@xml:id}"/>
        </xsl:if>
        <xsl:if test="not(self::l) or t:line-shown(.)">
          <xsl:call-template name="t:cite-link">
            <xsl:with-param name="cited" select="$cited"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="$classes">
          <xsl:attribute name="class" select="$classes"/>
        </xsl:if>
        <xsl:apply-templates select="@xml:lang" mode="t:html"/>
        <!-- (its anchor as t:anchor makes it, here at once: every element comes here) -->
        <xsl:if test="$t:ids and string(@xml:id)">
          <xsl:attribute name="id" select="$t:prefix || @xml:id"/>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The number of a cited unit as a link to its anchor, which "cite this passage" opens.
       (Not in a facing document: its passages are cited on its own page.) -->
  <xsl:template name="t:cite-link">
    <xsl:param name="cited" as="map(*)"/>
    <xsl:param name="t:ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="t:prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:if test="$t:ids and $t:prefix = ''">
      <a class="para-n{' l-n'[$cited?el/self::l]}" href="#{$t:prefix}{$cited?anchor}"
        aria-label="{t:place($cited, true())}">{$cited?n}</a>
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

  <!-- A division's anchor: its xml:id, else its place among the divisions (those before it
       and around it, and itself: counted once through the document, t:div, not by walking
       back from each division). -->
  <xsl:function name="t:div-id" as="xs:string">
    <xsl:param name="div" as="element(div)"/>
    <xsl:sequence select="string(($div/@xml:id,
      'div-' || $div ! accumulator-before('t:div'))[1])"/>
  </xsl:function>

  <xsl:accumulator name="t:div" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="div" select="$value + 1"/>
  </xsl:accumulator>
</xsl:stylesheet>
