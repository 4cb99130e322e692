<?xml version="1.0" encoding="UTF-8"?>
<!-- Phrases: highlighting, foreign words, titles, quotations and citations, bibliographic
     references, links, names and dates, notes in the text's flow, examples of markup. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:eg="http://www.tei-c.org/ns/Examples"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- The HTML element for a @rend value, where one says it. -->
  <xsl:variable name="t:rend-elements" as="map(xs:string, xs:string)" select="map {
    'italic': 'i', 'italics': 'i', 'i': 'i', 'it': 'i', 'bold': 'b', 'b': 'b', 'bo': 'b',
    'sup': 'sup', 'superscript': 'sup', 'sub': 'sub', 'subscript': 'sub',
    'underline': 'u', 'u': 'u', 'ul': 'u', 'strikethrough': 's', 'strike': 's' }"/>

  <!-- Highlighting: i, b, sup… where @rend says which, else a span; every @rend value a
       class (hi-smallcaps), every @rendition one too. -->
  <xsl:template match="hi" mode="t:html">
    <xsl:variable name="rend" select="tokenize(@rend)"/>
    <xsl:variable name="known" select="$rend[map:contains($t:rend-elements, .)]"
      xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
    <xsl:element name="{if (exists($known)) then $t:rend-elements($known[1]) else 'span'}">
      <xsl:variable name="classes" select="string-join(($rend ! ('hi-' || t:class-word(.)),
        @rendition ! tokenize(.) ! ('rendition-' || t:class-word(replace(., '^.*#', '')))), ' ')"/>
      <xsl:if test="$classes">
        <xsl:attribute name="class" select="$classes"/>
      </xsl:if>
      <xsl:apply-templates select="@xml:lang" mode="t:html"/>
      <xsl:apply-templates mode="t:html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="emph" mode="t:html">
    <em>
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates mode="t:html"/>
    </em>
  </xsl:template>

  <xsl:template match="foreign | text//title[not(@level = ('a', 'u'))] | term | mentioned | gloss"
    mode="t:html">
    <i class="{t:classes(., local-name())}">
      <xsl:apply-templates select="@xml:lang" mode="t:html"/>
      <xsl:apply-templates mode="t:html"/>
    </i>
  </xsl:template>

  <!-- Quotations: a block where it holds paragraphs or verse, else a phrase. -->
  <xsl:template match="quote[p or lg or l or sp or list or @type = 'block'] | said[p or lg or sp]
      | q[p or lg]" mode="t:html">
    <blockquote>
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="'quote', local-name()"/>
      </xsl:call-template>
      <xsl:apply-templates mode="t:html"/>
    </blockquote>
  </xsl:template>

  <!-- A quotation in running text (quote, q) between the quotation marks of its language
       (“…” in English and by default, « … » in French, „…“ in German), the inner ones of a
       quotation inside another (outside its span, which holds the words as encoded); none
       where its words already begin with a mark, nor for one that stands by itself as a
       block (an epigraph's). -->
  <xsl:template match="quote | q" mode="t:html">
    <xsl:variable name="marks" select="t:quotation-marks(.)"/>
    <xsl:value-of select="$marks[1]"/>
    <span>
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="local-name(), 'quote'[current()/self::q]"/>
      </xsl:call-template>
      <xsl:variable name="made" as="node()*">
        <xsl:apply-templates mode="t:html"/>
      </xsl:variable>
      <xsl:sequence select="if (exists($marks)) then t:trim-end(t:trim-start($made)) else $made"/>
    </span>
    <xsl:value-of select="$marks[2]"/>
  </xsl:template>

  <xsl:variable name="t:quotation-marks" as="map(xs:string, xs:string+)" select="map {
    'en': ('“', '”', '‘', '’'), 'fr': ('«&#160;', '&#160;»', '“', '”'),
    'de': ('„', '“', '‚', '‘') }"/>

  <xsl:function name="t:quotation-marks" as="xs:string*">
    <xsl:param name="q" as="element()"/>
    <xsl:variable name="lang" select="lower-case(substring((t:lang($q), t:language($q))[1], 1, 2))"/>
    <xsl:variable name="set" select="if (map:contains($t:quotation-marks, $lang))
      then $t:quotation-marks($lang) else $t:quotation-marks('en')"
      xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
    <xsl:variable name="depth" select="count($q/ancestor::*[self::quote or self::q]
      [not(t:is-block(.) or p or lg or @type = 'block')])"/>
    <xsl:sequence select="if (matches(normalize-space($q), '^[&quot;“”„«»‘’‚‹›'']')) then ()
      else if ($q/parent::epigraph or not(t:inline($q) or $q/parent::cit[t:inline(.)])) then ()
      else if ($depth mod 2 = 0) then $set[position() = (1, 2)] else $set[position() = (3, 4)]"/>
  </xsl:function>

  <xsl:template match="said | soCalled | distinct" mode="t:html">
    <xsl:call-template name="t:span"/>
  </xsl:template>

  <!-- A citation: the quotation, then its reference between parentheses; the white space of
       the encoding between them one space. -->
  <xsl:template match="cit" mode="t:html">
    <xsl:element name="{if (*[t:is-block(.)] or quote[p or lg or l
        or sp or list or @type = 'block']) then 'div' else 'span'}">
      <xsl:call-template name="t:attributes"/>
      <xsl:for-each select="node()[not(self::text()[not(normalize-space())])]">
        <xsl:if test="position() gt 1 and self::* and preceding-sibling::node()[1]
            [self::text()[not(normalize-space())]]">
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="self::bibl">
            <xsl:variable name="made" as="node()*">
              <xsl:apply-templates select="." mode="t:html"/>
            </xsl:variable>
            <xsl:text>(</xsl:text>
            <xsl:sequence select="t:trim-end(t:trim-start($made))"/>
            <xsl:text>)</xsl:text>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="." mode="t:html"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>

  <!-- A reference without the white space its encoding ends with ("xxx ." reads "xxx."),
       a space kept where words follow it. -->
  <xsl:template match="bibl" mode="t:html">
    <xsl:variable name="made" as="node()*">
      <xsl:apply-templates mode="t:html"/>
    </xsl:variable>
    <span>
      <xsl:call-template name="t:attributes"/>
      <xsl:sequence select="t:trim-end($made)"/>
    </span>
    <xsl:if test="matches(string-join($made ! string()), '\s$')
        and matches(following-sibling::node()[1][self::text()], '^\w')">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Bibliographic references and their parts. -->
  <xsl:template match="biblStruct | biblFull | analytic | monogr | imprint | series
      | author | editor | publisher | pubPlace | biblScope | edition | extent | idno
      | respStmt | resp | citedRange | title" mode="t:html">
    <xsl:call-template name="t:span"/>
  </xsl:template>

  <!-- Parts of a reference that the encoding runs together (<author>…</author><title>…</title>,
       or set apart only by line breaks) are set apart by a comma, as a printed reference is. -->
  <!-- (matched by their names, the parts t:bibl-part knows: only they are tried) -->
  <xsl:template match="(author | editor | title | publisher | pubPlace | date | biblScope
      | edition | imprint | monogr | analytic | series | idno | citedRange | respStmt)
      [parent::bibl or parent::biblStruct or parent::analytic or parent::monogr
        or parent::imprint]
      [following-sibling::node()[not(self::text()[not(normalize-space())])][1]
        [self::*[t:bibl-part(.)]]]" mode="t:html" priority="2">
    <xsl:next-match/>
    <xsl:text>,</xsl:text>
    <xsl:if test="not(following-sibling::node()[1][self::text()])">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:function name="t:bibl-part" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::author or self::editor or self::title or self::publisher
        or self::pubPlace or self::date or self::biblScope or self::edition or self::imprint
        or self::monogr or self::analytic or self::series or self::idno or self::citedRange
        or self::respStmt])"/>
  </xsl:function>

  <xsl:template match="listBibl" mode="t:html">
    <xsl:apply-templates select="head" mode="t:html"/>
    <ul>
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="'bibl-list'"/>
      </xsl:call-template>
      <xsl:for-each select="* except head">
        <li>
          <xsl:apply-templates select="." mode="t:html"/>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- A link, where its target is safe to follow; else its words. -->
  <xsl:template match="ref" mode="t:html">
    <xsl:variable name="href" select="t:safe-url(tokenize(@target)[1])"/>
    <xsl:choose>
      <xsl:when test="exists($href)">
        <a href="{$href}">
          <xsl:call-template name="t:attributes"/>
          <xsl:apply-templates mode="t:html"/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="t:span"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A pointer: a link to each of its targets (where safe to follow), named as a reader
       knows it: a place in the document by its heading or its number, an address by
       itself. -->
  <xsl:template match="ptr" mode="t:html">
    <xsl:variable name="ptr" select="."/>
    <xsl:variable name="class" select="t:classes(., 'ptr')"/>
    <xsl:for-each select="tokenize(@target)">
      <xsl:if test="position() gt 1">, </xsl:if>
      <xsl:variable name="href" select="t:safe-url(.)"/>
      <xsl:variable name="here" select="if (starts-with(., '#'))
        then id(substring(., 2), root($ptr))[1] else ()"/>
      <xsl:variable name="name" select="(($here/head[1], $here/@n) ! normalize-space(
        string-join(.//text()[not(ancestor::note)] | self::attribute())), .)[.][1]"/>
      <xsl:choose>
        <xsl:when test="exists($href)">
          <a href="{$href}" class="{$class}">{$name}</a>
        </xsl:when>
        <xsl:otherwise>
          <span class="{$class}">{.}</span>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- Names, dates, numbers, addresses: phrases that name their kind. -->
  <xsl:template match="name | persName | placeName | orgName | geogName | rs | roleName
      | forename | surname | addName | genName | nameLink | settlement | region | country
      | bloc | district | date | time | num | measure | unit | address | addrLine | street
      | postCode | email | abbr | gi | att | val | tag | ident | code | fw | locus | desc | g[normalize-space()]"
    mode="t:html">
    <xsl:call-template name="t:span"/>
  </xsl:template>

  <!-- A glyph left empty (<g ref="#pilcrow"/>): the character its declaration in the header
       maps it to (its standard mapping, else its first), else the one a well-known name
       stands for (the pilcrows, slashes and points of scholastic transcriptions), else
       nothing (an empty phrase would only upset the lines): a reader sees the mark the
       scribe wrote. -->
  <xsl:template match="g[not(normalize-space())]" mode="t:html">
    <xsl:variable name="id" select="replace(normalize-space(@ref), '^.*#', '')"/>
    <xsl:variable name="declared" select="(ancestor::TEI[1]/teiHeader//charDecl/(glyph | char)
      [@xml:id = $id])[1]"/>
    <xsl:variable name="mark" select="string(($declared/mapping[@type = 'standard'],
      $declared/mapping)[normalize-space()][1])"/>
    <xsl:variable name="g" select="."/>
    <xsl:for-each select="($mark[.], $t:glyphs(lower-case($id)))[1]">
      <span class="{t:classes($g, 'g')}">{.}</span>
    </xsl:for-each>
  </xsl:template>

  <xsl:variable name="t:glyphs" as="map(xs:string, xs:string)" select="map {
    'pilcrow': '¶', 'paragraph': '¶', 'slash': '/', 'dbslash': '//', 'doubleslash': '//', 'dot': '·',
    'middot': '·', 'punctus': '·', 'section': '§', 'dagger': '†', 'obelus': '÷',
    'asterisk': '*' }"/>

  <!-- Descriptions of manuscripts, people, places and events in the text: blocks or phrases
       that name their kind. -->
  <xsl:template match="msDesc | msIdentifier | msContents | msItem | physDesc | history
      | additional | msPart | objectDesc | supportDesc | layoutDesc | handDesc | decoDesc
      | bindingDesc | sealDesc | accMat | adminInfo | recordHist | custodialHist | surrogates
      | origin | provenance | acquisition | additions | support | foliation | collation
      | condition | layout | handNote | decoNote | binding | seal | source | altIdentifier
      | repository | collection | institution | msName | incipit | explicit | rubric
      | finalRubric | colophon | textLang | origPlace | origDate | dimensions | height | width
      | depth | material | summary | birth | death | floruit | occupation | residence | sex
      | trait | state | affiliation | education | faith | nationality | langKnowledge
      | location | geo | climate | terrain | population | offset | relation | listRelation
      | persona | eventName | meeting | geogFeat | custEvent" mode="t:html">
    <xsl:call-template name="t:block"/>
  </xsl:template>

  <!-- Where the TEI asks for a generated part (a table of contents, an index): each output
       makes its own; nothing here. -->
  <xsl:template match="divGen" mode="t:html"/>

  <!-- A note that stands in the flow of the text (the outputs set the others apart). -->
  <xsl:template match="note" mode="t:html">
    <xsl:call-template name="t:block">
      <xsl:with-param name="class" select="'note', @place ! ('note-' || t:class-word(.)),
        'note-block'[t:standing-note(current())]"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A formula: its words (its markup, MathML or TeX, is not rendered). -->
  <xsl:template match="formula" mode="t:html">
    <span class="{t:classes(., 'formula')}">{
      string-join(descendant::text()[normalize-space()] ! normalize-space(), ' ')}</span>
  </xsl:template>

  <!-- An example of markup: the markup as text. -->
  <!-- An example of markup: the markup as its encoder wrote it, without the namespace the
       examples are in (declared once, on egXML) nor what teitools adds while reading. -->
  <xsl:template match="eg:egXML" mode="t:html">
    <xsl:variable name="shown" as="node()*">
      <xsl:apply-templates mode="t:eg-shown"/>
    </xsl:variable>
    <pre class="egXML"><code>{serialize($shown)}</code></pre>
  </xsl:template>

  <xsl:mode name="t:eg-shown" on-no-match="shallow-copy"/>

  <xsl:template match="*" mode="t:eg-shown">
    <xsl:variable name="example" select="namespace-uri() = 'http://www.tei-c.org/ns/Examples'"/>
    <xsl:element name="{if ($example) then local-name() else name()}"
      namespace="{if ($example) then '' else namespace-uri()}">
      <xsl:apply-templates select="@*[namespace-uri() != 'urn:teitools'], node()"
        mode="t:eg-shown"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="eg" mode="t:html">
    <pre class="eg"><xsl:apply-templates mode="t:html"/></pre>
  </xsl:template>

  <!-- An index entry: not read in the text, kept for search (hidden). -->
  <xsl:template match="index" mode="t:html">
    <span class="index" hidden="hidden">
      <xsl:apply-templates select=".//term" mode="t:html"/>
    </span>
  </xsl:template>

  <!-- An anchor: a place to point at. -->
  <xsl:template match="anchor" mode="t:html">
    <span class="anchor">
      <xsl:call-template name="t:anchor">
        <xsl:with-param name="id" select="@xml:id ! string()"/>
      </xsl:call-template>
    </span>
  </xsl:template>

  <!-- Not text: links, interpretations, index entries, certainty, alignment. -->
  <xsl:template match="interp | interpGrp | link | linkGrp | join | joinGrp | alt
      | altGrp | span | spanGrp | certainty | precision | respons | witDetail | timeline
      | fs | f" mode="t:html"/>
</xsl:stylesheet>
