<?xml version="1.0" encoding="UTF-8"?>
<!-- The apparatus in print: each entry a footnote on the page of its lemma, keyed by the
     number of the unit the text is cited by (paragraph, verse line, speech…) and the lemma
     ("83 people to fill the stage] W; statisticians SD"); the
     additions of a fragmentary witness in their own series (Q1, Q2…); the editor's notes on
     the entries set apart, after the text, each pointing back to its entry. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:p="urn:teitools:print"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template match="app" mode="t:html">
    <xsl:variable name="n" as="xs:integer" select="accumulator-before('t:entry')"/>
    <span class="lem" id="lem-{$n}">
      <xsl:apply-templates select="t:lemma(.)/node()" mode="t:html"/>
    </span>
    <span class="app {t:entry-kind(.)}" id="app-{$n}">
      <xsl:call-template name="p:entry">
        <xsl:with-param name="app" select="."/>
        <xsl:with-param name="n" select="$n"/>
      </xsl:call-template>
    </span>
  </xsl:template>

  <!-- An entry at the foot of its page: its key, then the line of ../common/readings.xsl
       (sigla as the edition prints them); a long addition only begun (14 words), as it is
       given whole in its own series after the text. -->
  <xsl:template name="p:entry">
    <xsl:param name="app" as="element(app)"/>
    <xsl:param name="n" as="xs:integer"/>
    <xsl:variable name="e" select="t:entry($app)"/>
    <span class="entry {$e?kind}">
      <xsl:call-template name="p:key">
        <xsl:with-param name="e" select="$e"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:sequence select="t:entry-line($app, if ($e?kind = 'addition') then 14 else 0)"/>
      <xsl:if test="$e?cert = ('medium', 'low')">
        <span class="cert"> ({t:label('print.cert', $e?cert)})</span>
      </xsl:if>
      <xsl:if test="exists($e?notes)">
        <a class="to-note" href="#note-{$n}">{t:label('print.see-note', $n)}</a>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- An entry's key: the number of its cited unit (variants), or its series number
       (additions). -->
  <xsl:template name="p:key">
    <xsl:param name="e" as="map(*)"/>
    <b class="key">{if ($e?kind = 'addition' and not($e?lemma/@n))
      then string-join($e?readings[not(?lemma)]
        ! string-join(?sigla ! t:siglum-text(., $e?readings[1]?reading)), '')
        || p:series-number($e)
      else ($e?cited, $e?lemma/descendant::*[t:cited(.)][1] ! t:citation-number(.))[1]}</b>
  </xsl:template>

  <!-- Where an entry stands, after the text: "p. 84, ¶ 83:", "p. 3, l. 120:"; what is
       known of it where the page or the unit is not. -->
  <xsl:function name="p:where" as="xs:string">
    <xsl:param name="e" as="map(*)"/>
    <xsl:variable name="page" select="$e?page[normalize-space()]"/>
    <xsl:sequence select="if (exists($page) and exists($e?place))
      then t:label('print.where', ($page, $e?place))
      else string-join(($page ! t:label('page', .), $e?place), ', ') || ':'"/>
  </xsl:function>

  <!-- The additions are numbered in their own series, in the order of the text. -->
  <xsl:function name="p:series-number" as="xs:integer">
    <xsl:param name="e" as="map(*)"/>
    <xsl:variable name="app" select="$e?lemma/ancestor::app[1]"/>
    <xsl:sequence select="$app ! accumulator-before('p:addition')"/>
  </xsl:function>

  <!-- The additions counted in one pass over the text (not every entry's predecessors again
       for each entry: an apparatus of thousands of entries). -->
  <xsl:accumulator name="p:addition" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//app[t:entry-kind(.) = 'addition']" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The sources an entry cites, in short ("Wolfe 1957, p. 84": the edition statement gives
       the book in full); a source without an author and a place in it, as t:pointed gives it. -->
  <xsl:function name="p:cited" as="xs:string*">
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:param name="context" as="node()"/>
    <xsl:for-each select="tokenize(normalize-space($pointers))">
      <xsl:variable name="bibl" select="key('t:id', replace(., '^.*#', ''), root($context))
        /self::bibl[author][biblScope]"/>
      <xsl:variable name="year" select="(tokenize(string($bibl), '[^0-9]+')[string-length(.) = 4])[1]"/>
      <xsl:sequence select="if (empty($bibl)) then t:pointed(., $context)
        else string-join((tokenize(normalize-space($bibl/author[1]))[last()],
          $year), ' ') || ', ' || normalize-space($bibl/biblScope[1])"/>
    </xsl:for-each>
  </xsl:function>

  <!-- After the text: the editor's notes on the apparatus, and the back matter. -->
  <xsl:template match="TEI" mode="p:back">
    <xsl:if test=".//text//app/note">
      <section class="editorial-notes" id="editorial-notes">
        <h2 class="running" data-running="{t:label('print.notes')}">{t:label('print.notes')}</h2>
        <p class="intro">{t:label('print.notes.intro')}</p>
        <xsl:for-each select=".//text//app[note]">
          <xsl:variable name="e" select="t:entry(.)"/>
          <div class="ednote" id="note-{$e?number}">
            <p><b>{$e?number}.</b>
              <xsl:text> </xsl:text>
              <span class="where">{p:where($e)}</span>
              <xsl:text> </xsl:text>
              <i><xsl:sequence select="t:entry-line(., 0)"/></i>.
              <xsl:for-each select="note">
                <xsl:text> </xsl:text>
                <xsl:apply-templates mode="t:html"/>
              </xsl:for-each>
              <xsl:for-each select="$e?source[normalize-space()]">
                <span class="source"> [{string-join(p:cited(., $e?lemma), '; ')}]</span>
              </xsl:for-each>
            </p>
          </div>
        </xsl:for-each>
      </section>
    </xsl:if>
    <!-- the additions of a fragmentary witness, in full: an appendix of the Wolfe editions -->
    <xsl:variable name="additions"
      select=".//text//app[$wolfe-header-prose][t:entry-kind(.) = 'addition']"/>
    <xsl:if test="exists($additions)">
      <section class="additions" id="additions">
        <h2 class="running" data-running="{t:label('print.additions')}">{t:label('print.additions')}</h2>
        <xsl:for-each select="$additions">
          <xsl:variable name="e" select="t:entry(.)"/>
          <p class="addition">
            <xsl:call-template name="p:key"><xsl:with-param name="e" select="$e"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <span class="where">{p:where($e)}</span>
            <xsl:text> </xsl:text>
            <xsl:sequence select="t:entry-line(., 0)"/>
          </p>
        </xsl:for-each>
      </section>
    </xsl:if>
    <xsl:apply-templates select="text/back" mode="t:html"/>
  </xsl:template>
</xsl:stylesheet>
