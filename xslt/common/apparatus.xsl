<?xml version="1.0" encoding="UTF-8"?>
<!-- The apparatus as every rendering reads it. Which reading each witness has is decided once,
     by teitools' apparatus model (teitools.witnesses.Apparatus), and written into the document
     before any stylesheet runs, as attributes in urn:teitools:
       t:witnesses on the root: the witnesses that have a text, in the order declared;
       t:wit on each lem and rdg: the witnesses (and groups) whose reading it is (t:conjecture="true" on an
         editor's conjecture, which is nobody's);
       t:absent, t:unaccounted on each app: the witnesses in a lacuna or outside their fragment
         there (they have no reading), and those the entry does not name (given the lemma);
       t:begins, t:ends on lacunaStart, lacunaEnd, witStart, witEnd: whose text breaks off or
         resumes there; t:absent on text: the witnesses absent from its start.
     The functions below only read those attributes: nothing here decides again. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:key name="t:witness" match="witness | listWit[@xml:id]" use="@xml:id, @n"/>

  <!-- The sigla a @wit names: "#SD #W" → SD W; "SD W"; "file.xml#SD" → SD. -->
  <xsl:function name="t:sigla" as="xs:string*">
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:sequence select="tokenize(normalize-space($pointers)) ! replace(., '^.*#', '')[. ne '']"/>
  </xsl:function>

  <!-- The witnesses of a document that have a text, in the order declared. -->
  <xsl:function name="t:witnesses" as="xs:string*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="tokenize(root($doc)/*/@t:witnesses)"/>
  </xsl:function>

  <!-- A witness's declaration, by siglum. -->
  <xsl:function name="t:witness" as="element()?">
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="key('t:witness', $siglum, root($doc))[1]"/>
  </xsl:function>

  <!-- What a witness is called: its description without the nested list, normalized. -->
  <xsl:function name="t:witness-label" as="xs:string">
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="w" select="t:witness($siglum, $doc)"/>
    <xsl:sequence select="if (empty($w)) then $siglum
      else normalize-space(string-join($w/(text() | *[not(self::listWit)])))"/>
  </xsl:function>

  <!-- Whether a witness is declared fragmentary (known only where the apparatus names it). -->
  <xsl:function name="t:fragmentary" as="xs:boolean">
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="tokenize(t:witness($siglum, $doc)/@ana) = '#fragmentary'"/>
  </xsl:function>

  <!-- The readings of an entry, those in rdgGrp included, in document order (not those of
       entries nested inside them). -->
  <xsl:function name="t:readings" as="element()*">
    <xsl:param name="app" as="element(app)"/>
    <xsl:sequence select="$app/descendant::*[self::lem or self::rdg]
      [ancestor::*[not(self::rdgGrp)][1] is $app]"/>
  </xsl:function>

  <xsl:function name="t:lemma" as="element(lem)?">
    <xsl:param name="app" as="element(app)"/>
    <xsl:sequence select="t:readings($app)[self::lem][1]"/>
  </xsl:function>

  <!-- Who reads a reading, as its entry says it (not the witnesses the entry leaves
       unaccounted for, though they are given the lemma). -->
  <xsl:function name="t:witnesses-of" as="xs:string*">
    <xsl:param name="reading" as="element()"/>
    <xsl:variable name="witnesses" select="t:witnesses($reading)"/>
    <xsl:sequence select="tokenize($reading/@t:wit)[. = $witnesses]
      [not(. = tokenize($reading/ancestor::app[1]/@t:unaccounted))]"/>
  </xsl:function>

  <!-- The reading a witness has in an entry (none where it is absent); for no witness (''),
       the lemma. -->
  <xsl:function name="t:reading-for" as="element()?">
    <xsl:param name="app" as="element(app)"/>
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:sequence select="if ($siglum eq '') then (t:lemma($app), t:readings($app)[1])[1]
      else t:readings($app)[tokenize(@t:wit) = $siglum][1]"/>
  </xsl:function>

  <!-- Whether a reading is an editor's conjecture. -->
  <xsl:function name="t:conjecture" as="xs:boolean">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="$reading/@t:conjecture = 'true'"/>
  </xsl:function>

  <!-- The witnesses absent (in a lacuna, outside their fragment) before a node. -->
  <xsl:accumulator name="t:absent" as="xs:string*" initial-value="()">
    <xsl:accumulator-rule match="text[not(ancestor::text)]" select="tokenize(@t:absent)"/>
    <xsl:accumulator-rule match="*[@t:begins]"
      select="distinct-values(($value, tokenize(@t:begins)))"/>
    <xsl:accumulator-rule match="*[@t:ends]" select="$value[not(. = tokenize(current()/@t:ends))]"/>
  </xsl:accumulator>

  <!-- Where a witness is absent its page shows none of the text. (Only the witnesses the
       model names, on the document's element, can be absent: in a document without any, the
       accumulator is not looked up for every piece of text.) -->
  <xsl:template match="text()[normalize-space(root(.)/*/@t:witnesses)]
      [exists(accumulator-before('t:absent'))]" mode="t:html t:plain" priority="10">
    <xsl:param name="t:witness" as="xs:string" tunnel="yes" select="$witness"/>
    <!-- on the compare page, whose witnesses the reader picks, such text is marked with
         the witnesses that lack it, hidden for the one shown -->
    <xsl:param name="t:all-readings" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="absent" select="accumulator-before('t:absent')"/>
    <xsl:choose>
      <xsl:when test="$t:all-readings">
        <span xmlns="http://www.w3.org/1999/xhtml" class="absent-text"
          data-absent="{$absent}">
          <xsl:if test="$t:witness = $absent">
            <xsl:attribute name="hidden" select="'hidden'"/>
          </xsl:if>
          <xsl:next-match/>
        </span>
      </xsl:when>
      <xsl:when test="not($t:witness = $absent)">
        <xsl:next-match/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="lacunaStart[@t:begins] | witEnd[@t:begins]" mode="t:plain">
    <xsl:param name="t:witness" as="xs:string" tunnel="yes" select="$witness"/>
    <xsl:if test="$t:witness = tokenize(@t:begins)">[…]</xsl:if>
  </xsl:template>

  <!-- A reading that only records a scribe's deletion, typed as a correction. -->
  <xsl:function name="t:only-deleted" as="xs:boolean">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="contains($reading/@type, 'correction') and exists($reading/del)
      and empty($reading/(* except (del, note, witDetail)))
      and normalize-space(string-join($reading/text())) = ''"/>
  </xsl:function>

  <!-- A reading of no words that marks where witnesses break off or resume. -->
  <xsl:function name="t:carrier" as="xs:boolean">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="normalize-space(string($reading)) = ''
      and exists($reading//(lacunaStart | lacunaEnd | witStart | witEnd))"/>
  </xsl:function>

  <!-- Whether two witnesses read an entry differently (their readings' words differ). -->
  <xsl:function name="t:differ" as="xs:boolean">
    <xsl:param name="app" as="element(app)"/>
    <xsl:param name="a" as="xs:string"/>
    <xsl:param name="b" as="xs:string"/>
    <xsl:sequence select="t:text(t:reading-for($app, $a)/node(), $a)
      ne t:text(t:reading-for($app, $b)/node(), $b)"/>
  </xsl:function>

  <xsl:template match="app" mode="t:plain">
    <xsl:param name="t:witness" as="xs:string" tunnel="yes" select="$witness"/>
    <xsl:apply-templates select="t:reading-for(., $t:witness)/node()" mode="t:plain"/>
  </xsl:template>

  <!-- ==== how an entry is summarized ==== -->

  <!-- An entry's kind: "addition" where a witness adds to a text the others lack (the lemma is
       empty or typed as an omission), else "variant". Renderings set the two series apart. -->
  <xsl:function name="t:entry-kind" as="xs:string">
    <xsl:param name="app" as="element(app)"/>
    <xsl:variable name="lem" select="t:lemma($app)"/>
    <!-- (an empty lemma whose readings only record a scribe's deletions adds nothing) -->
    <xsl:variable name="others" select="t:readings($app) except $lem"/>
    <!-- (nor one whose readings only mark where a witness breaks off or resumes) -->
    <xsl:sequence select="if ($app/@type = 'addition' or $lem/@type = 'omission'
      or exists($lem) and t:text($lem/node(), '') = ''
        and not(exists($others) and (every $r in $others satisfies t:only-deleted($r)))
        and not(exists($others) and (every $r in $others satisfies t:carrier($r))))
      then 'addition' else 'variant'"/>
  </xsl:function>

  <!-- An entry's attribute, from the entry or else from its first reading that has it. -->
  <xsl:function name="t:entry-attribute" as="xs:string?">
    <xsl:param name="app" as="element(app)"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="($app/@*[local-name() = $name],
      t:readings($app)/@*[local-name() = $name])[1] ! string()"/>
  </xsl:function>

  <!-- An entry, summarized: everything a rendering shows of it, as a map.
       number, page, paragraph (where it stands); cited, place: the number and the place
       ("¶ 83", "l. 123", "speech 4") of the unit its text is cited by that holds it, if one
       does; kind; type, cert, resp, source (strings);
       lemma (the lem element); readings (a sequence of maps: reading, text, sigla, type,
       lemma as boolean, conjecture as boolean, source, resp, varSeq); absent (the witnesses
       in a lacuna or outside their fragment there); notes (the note elements). -->
  <xsl:function name="t:entry" as="map(xs:string, item()*)">
    <xsl:param name="app" as="element(app)"/>
    <xsl:variable name="order" select="t:witnesses($app)"/>
    <xsl:variable name="para" select="$app/ancestor::p[t:numbered(.)][1]"/>
    <xsl:variable name="unit" select="$app/ancestor::*[t:cited(.)][1]"/>
    <xsl:sequence select="map {
      'number': $app ! accumulator-before('t:entry'),
      'page': t:page-of($app),
      'paragraph': $para ! t:paragraph-number(.),
      'cited': $unit ! t:citation-number(.),
      'place': $unit ! t:citation-label(., false()),
      'kind': t:entry-kind($app),
      'type': ($app/@type, t:lemma($app)/@type)[1] ! string(),
      'cert': t:entry-attribute($app, 'cert'),
      'resp': t:entry-attribute($app, 'resp'),
      'source': t:entry-attribute($app, 'source'),
      'lemma': t:lemma($app),
      'readings': t:readings($app) ! map {
        'reading': .,
        'text': t:text(node(), ''),
        'sigla': let $w := t:witnesses-of(.) return $order[. = $w],
        'type': (@type, @cause)[1] ! string(),
        'lemma': exists(self::lem),
        'conjecture': t:conjecture(.),
        'source': @source ! string(),
        'resp': @resp ! string(),
        'varSeq': @varSeq ! string() },
      'absent': let $a := tokenize($app/@t:absent) return $order[. = $a],
      'notes': $app/note }"/>
  </xsl:function>

  <!-- What @source or @resp points to: the text of each element pointed to in the document
       (a respStmt by its name), else the pointer itself. -->
  <xsl:function name="t:pointed" as="xs:string*">
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="tokenize(normalize-space($pointers)) ! (
      let $pointer := .,
          $hit := if (contains($pointer, '#'))
            then key('t:id', replace($pointer, '^.*#', ''), root($doc)) else ()
      return if (empty($hit)) then $pointer
        else normalize-space(string-join(($hit/self::respStmt/name, $hit)[1])))"/>
  </xsl:function>
</xsl:stylesheet>
