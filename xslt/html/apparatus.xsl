<?xml version="1.0" encoding="UTF-8"?>
<!-- The apparatus in HTML: its markers in the text, its entries as a list (which the page's
     script also shows in a popover at the marker). Which reading is whose, and what an entry
     holds, come from ../common/apparatus.xsl. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:mode name="t:entry" on-no-match="fail" use-accumulators="#all"/>
  <xsl:mode name="t:reading" on-no-match="fail" use-accumulators="#all"/>
  <xsl:mode name="t:entry-type" on-no-match="fail" use-accumulators="#all"/>
  <xsl:mode name="t:entry-cert" on-no-match="fail" use-accumulators="#all"/>
  <xsl:mode name="t:entry-note" on-no-match="fail" use-accumulators="#all"/>

  <!-- An entry in the text: the witness's reading (an addition set off as inserted text; where
       two witnesses are compared, a difference marked), then the entry's marker. -->
  <xsl:template match="app" mode="t:html">
    <xsl:param name="t:witness" as="xs:string" tunnel="yes" select="$witness"/>
    <xsl:param name="t:other" as="xs:string" tunnel="yes" select="''"/>
    <!-- on the compare page every reading is there, the witness's shown: the reader's
         script shows another witness's without a new page -->
    <xsl:param name="t:all-readings" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="reading" select="t:reading-for(., $t:witness)"/>
    <xsl:variable name="readings" select="t:readings(.)"/>
    <xsl:variable name="differs" select="$t:other != '' and t:differ(., $t:witness, $t:other)"/>
    <span class="app app-{t:entry-kind(.)}">
      <xsl:if test="$t:all-readings">
        <!-- each witness's reading (its number; 0: none), in the order of t:witnesses -->
        <xsl:attribute name="data-w" select="string-join(t:witnesses(.) ! string(
          (index-of($readings ! generate-id(), generate-id(t:reading-for(current(), .))), 0)[1]),
          ' ')"/>
      </xsl:if>
      <xsl:for-each select="if ($t:all-readings) then $readings else $reading">
        <xsl:call-template name="t:reading-in-text">
          <xsl:with-param name="number" select="index-of($readings ! generate-id(),
            generate-id(.))"/>
          <xsl:with-param name="shown" select="some $r in $reading satisfies $r is ."/>
          <xsl:with-param name="differs"
            select="$differs and (some $r in $reading satisfies $r is .)"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:if test="empty($reading) and not($t:all-readings)">
        <span class="reading" data-reading="0"/>
      </xsl:if>
      <xsl:call-template name="t:app-marker"/>
    </span>
  </xsl:template>

  <!-- A reading in the text: an addition set off as inserted text, a difference from the
       witness compared marked; data-reading says which reading of the entry it is. -->
  <xsl:template name="t:reading-in-text">
    <xsl:param name="number" as="xs:integer"/>
    <xsl:param name="shown" as="xs:boolean"/>
    <xsl:param name="differs" as="xs:boolean"/>
    <xsl:param name="t:all-readings" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="added" select="t:entry-kind(ancestor::app[1]) = 'addition'
      and not(self::lem) and exists(node())"/>
    <!-- (where the reader's script may mark another reading, never a <mark> it cannot
         take back: a class) -->
    <xsl:element name="{if ($added) then 'ins'
      else if ($differs and not($t:all-readings)) then 'mark' else 'span'}">
      <xsl:attribute name="class" select="'reading', 'diff'[$differs]"/>
      <xsl:attribute name="data-reading" select="$number"/>
      <xsl:if test="not($shown)">
        <xsl:attribute name="hidden" select="'hidden'"/>
      </xsl:if>
      <xsl:if test="$added">
        <xsl:attribute name="title"
          select="t:label('reading.addition', string-join(t:witnesses-of(.), ' '))"/>
      </xsl:if>
      <xsl:apply-templates select="node()" mode="t:html"/>
    </xsl:element>
  </xsl:template>

  <!-- The marker: a link to the entry in the list, which the script makes a button that
       opens the entry in a popover. Its name says the entry in full. -->
  <xsl:template name="t:app-marker">
    <xsl:param name="t:ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="n" select="accumulator-before('t:entry')"/>
    <xsl:variable name="summary" select="($entry-summaries/*/*[$n], t:entry-summary(.))[1]"/>
    <a class="app-ref" href="#app-{$n}" data-entry="app-{$n}"
      aria-label="{t:label('apparatus.show', ($n, string($summary)))}">
      <xsl:if test="$t:ids">
        <xsl:attribute name="id" select="'app-' || $n || '-ref'"/>
      </xsl:if>
      <sup>{$n}</sup>
    </a>
  </xsl:template>

  <!-- Each entry's summary, made once for all the pages of an edition (fragment
       "summaries" of edition.xsl), or none: then each page makes them. -->
  <xsl:param name="entry-summaries" as="node()*" select="()"/>

  <!-- ==== the list of entries ==== -->

  <xsl:template name="t:apparatus">
    <xsl:variable name="apps" select="/TEI/text//app"/>
    <xsl:if test="exists($apps)">
      <section class="apparatus" id="apparatus" aria-labelledby="apparatus-h">
        <h2 id="apparatus-h">{t:label('apparatus')}</h2>
        <p class="intro">{t:label('apparatus.intro')}</p>
        <ol class="entries">
          <xsl:apply-templates select="$apps" mode="t:entry"/>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="app" mode="t:entry">
    <xsl:variable name="e" select="t:entry(.)"/>
    <li class="entry entry-{$e?kind}" id="app-{$e?number}">
      <p class="entry-head">
        <a class="entry-n" href="#app-{$e?number}-ref" title="{t:label('entry.back')}">{
          $e?number}</a>
        <xsl:text> </xsl:text>
        <span class="entry-place">{string-join((
          $e?page ! t:label('page', .), $e?place), ', ')}</span>
        <xsl:apply-templates select="$e?type" mode="t:entry-type"/>
        <xsl:apply-templates select="$e?cert" mode="t:entry-cert"/>
      </p>
      <ul class="readings">
        <xsl:apply-templates select="$e?readings" mode="t:reading"/>
      </ul>
      <xsl:apply-templates select="$e?notes" mode="t:entry-note"/>
      <xsl:call-template name="t:entry-pointers">
        <xsl:with-param name="key" select="'entry.source'"/>
        <xsl:with-param name="pointers" select="$e?source"/>
      </xsl:call-template>
      <xsl:call-template name="t:entry-pointers">
        <xsl:with-param name="key" select="'entry.resp'"/>
        <xsl:with-param name="pointers" select="$e?resp"/>
      </xsl:call-template>
    </li>
  </xsl:template>

  <xsl:template match=".[. instance of xs:string]" mode="t:entry-type">
    <xsl:text> </xsl:text>
    <span class="entry-type">{t:label('type.' || .)}</span>
  </xsl:template>

  <xsl:template match=".[. instance of xs:string]" mode="t:entry-cert">
    <xsl:text> </xsl:text>
    <span class="entry-cert cert-{.}">{t:label('entry.cert')}: {t:label('cert.' || .)}</span>
  </xsl:template>

  <!-- One reading as editors print it (../common/readings.xsl): its words, with the edition's
       signs ({surplus}, †crux†), or what its type's label says ("om.", "inv.", "corr. ex …");
       its sigla as the edition prints them, or for an editor's reading who made it
       ("coni. Bekker"); where its words were added and its state ("in marg.", "a.c."); its
       type, where no label has said it. -->
  <xsl:template match=".[. instance of map(*)]" mode="t:reading">
    <xsl:variable name="parts" select="t:reading-parts(.)"/>
    <li class="{'reading', 'lem'[current()?lemma], 'conjecture'[$parts?editors]}">
      <span class="reading-text">
        <xsl:choose>
          <xsl:when test="not(?lemma) and $parts?labelled">
            <span class="reading-label">{$parts?words}</span>
          </xsl:when>
          <xsl:when test="?lemma and normalize-space(string(?reading)) = '' and ?reading/@n">
            <span class="suggested-lemma">{?reading/@n}</span>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="t:reading-nodes(?reading)" mode="t:html">
              <xsl:with-param name="t:ids" select="false()" tunnel="yes"/>
              <xsl:with-param name="t:in-reading" select="true()" tunnel="yes"/>
              <!-- every word of a reading, wherever the page's witness breaks off -->
              <xsl:with-param name="t:witness" select="''" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:otherwise>
        </xsl:choose>
      </span>
      <xsl:if test="?lemma">]</xsl:if>
      <xsl:for-each select="$parts?place">
        <xsl:text> </xsl:text>
        <i class="app-label">{.}</i>
      </xsl:for-each>
      <xsl:text> </xsl:text>
      <xsl:sequence select="t:reading-witnesses(., $parts)"/>
      <xsl:variable name="types" select="t:reading-types(?reading)"/>
      <xsl:if test="exists(?type) and not(?lemma) and not($parts?labelled or $parts?editors)
          and empty($types[t:has-label('reading.cause.' || .)])">
        <xsl:text> </xsl:text>
        <span class="reading-type">({t:label('type.' || ?type)})</span>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- A crux in a reading of the list: between the signs of the label reading.crux. -->
  <xsl:template match="sic[not(parent::choice)]" mode="t:html" priority="1">
    <xsl:param name="t:in-reading" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$t:in-reading">
        <xsl:variable name="signs" select="t:label('reading.crux')"/>
        <span class="crux">
          <xsl:value-of select="substring-before($signs, '{1}')"/>
          <xsl:next-match/>
          <xsl:value-of select="substring-after($signs, '{1}')"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:next-match/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="note" mode="t:entry-note">
    <div class="entry-note">
      <p class="k">{t:label('entry.note')}</p>
      <xsl:call-template name="t:note-content"/>
    </div>
  </xsl:template>

  <xsl:template name="t:entry-pointers">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:if test="exists($pointers)">
      <p class="entry-{substring-after($key, '.')}">
        <span class="k">{t:label($key)}:</span>
        <xsl:text> </xsl:text>
        <xsl:for-each select="tokenize($pointers)">
          <xsl:if test="position() > 1">; </xsl:if>
          <xsl:variable name="text" select="t:pointed(., $t:doc)"/>
          <xsl:choose>
            <xsl:when test="exists(t:resolve(., $t:doc)[ancestor::sourceDesc])">
              <a href="{t:href(.)}">{$text}</a>
            </xsl:when>
            <xsl:otherwise>{$text}</xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- The source document, for functions that need it outside the context of a node. -->
  <xsl:variable name="t:doc" as="document-node()?" select="/"/>
</xsl:stylesheet>
