<?xml version="1.0" encoding="UTF-8"?>
<!-- The apparatus model, once for every rendering: which reading of a parallel-segmentation
     apparatus belongs to which witness, and how an entry is summarized.

     The same rules as teitools.witnesses (and tested against it): a <lem> without @wit stands
     for every witness no other reading names; @wit takes "#X" pointers or bare sigla; a
     witness group (a <listWit xml:id> or a <witness> holding a <listWit>) stands for its
     members; a <rdg> in a <rdgGrp> without @wit takes the group's; a witness an entry does not
     name (a fragmentary one) reads the lemma there; a reading that only deletes, typed as a
     correction, records a scribe's correction and the witness reads the lemma. -->
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

  <!-- The single witnesses of a document (not groups), in the order declared; where none is
       declared, the sigla its apparatus uses. -->
  <xsl:function name="t:witnesses" as="xs:string*">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="declared" select="root($doc)//listWit//witness[not(listWit)]"/>
    <xsl:sequence select="if (exists($declared))
      then distinct-values($declared ! string((@xml:id, @n)[1]))
      else distinct-values(root($doc)//text//(lem | rdg | rdgGrp) ! t:sigla(@wit))"/>
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

  <!-- The single witnesses a list of sigla stands for, groups expanded. -->
  <xsl:function name="t:expand" as="xs:string*">
    <xsl:param name="sigla" as="xs:string*"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="distinct-values($sigla ! (
      let $w := t:witness(., $doc),
          $members := $w/descendant::witness[not(listWit)]
      return if (exists($members)) then $members ! string((@xml:id, @n)[1]) else .))"/>
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

  <!-- The witnesses a reading names itself: its @wit, or its rdgGrp's, groups expanded. -->
  <xsl:function name="t:named-witnesses" as="xs:string*">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence
      select="t:expand(t:sigla(($reading/@wit, $reading/parent::rdgGrp/@wit)[1]), $reading)"/>
  </xsl:function>

  <!-- Who reads a reading: the witnesses it names; for a lem naming none, every witness no
       other reading of the entry names. -->
  <xsl:function name="t:witnesses-of" as="xs:string*">
    <xsl:param name="reading" as="element()"/>
    <xsl:variable name="own" select="t:named-witnesses($reading)"/>
    <xsl:variable name="others" select="t:readings($reading/ancestor::app[1]) except $reading"/>
    <xsl:sequence select="
      if (exists($own) or not($reading/self::lem)) then $own
      else t:witnesses($reading)[not(. = $others ! t:named-witnesses(.))]"/>
  </xsl:function>

  <!-- The reading a witness has in an entry; the lemma where the entry does not name it,
       and where its reading only records a deletion typed as a correction. -->
  <xsl:function name="t:reading-for" as="element()?">
    <xsl:param name="app" as="element(app)"/>
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:variable name="lem" select="t:lemma($app)"/>
    <xsl:variable name="want" select="t:expand($siglum, $app)"/>
    <xsl:variable name="own"
      select="t:readings($app)[$siglum ne ''][t:witnesses-of(.) = $want][1]"/>
    <xsl:sequence select="if (empty($own) or t:only-deleted($own) and exists($lem))
      then ($lem, t:readings($app)[1])[1] else $own"/>
  </xsl:function>

  <xsl:function name="t:only-deleted" as="xs:boolean">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="contains($reading/@type, 'correction') and exists($reading/del)
      and empty($reading/(* except (del, note, witDetail)))
      and normalize-space(string-join($reading/text())) = ''"/>
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
    <xsl:sequence select="if ($app/@type = 'addition' or $lem/@type = 'omission'
      or exists($lem) and t:text($lem/node(), '') = ''
        and not(exists($others) and (every $r in $others satisfies t:only-deleted($r))))
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
       lemma as boolean); notes (the note elements). -->
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
        'type': @type ! string(),
        'lemma': exists(self::lem) },
      'notes': $app/note }"/>
  </xsl:function>

  <!-- An entry as one line in the conventional form:
       "people to fill the stage] W; statisticians SD"; an addition as
       "add. Q: not only for …", an empty reading as "om."; a lemma no witness is named for
       (a negative apparatus) as "aeternale] corr. ex internale L"; an empty lemma whose
       readings only delete as "verbum del. L". -->
  <xsl:function name="t:entry-summary" as="xs:string">
    <xsl:param name="app" as="element(app)"/>
    <xsl:variable name="e" select="t:entry($app)"/>
    <xsl:variable name="lem" select="$e?readings[?lemma]"/>
    <xsl:variable name="others" select="$e?readings[not(?lemma)]"/>
    <xsl:variable name="lemma-part" as="xs:string?" select="$lem[?text != '' or exists(?sigla)]
      ! string-join((?text || ']', string-join(?sigla, ' ')[. != '']), ' ')"/>
    <xsl:variable name="readings" as="xs:string?" select="string-join(
      $others ! string-join((t:reading-text(.), string-join(?sigla, ' '))[. != ''], ' '),
      '; ')[. != '']"/>
    <xsl:sequence select="if ($e?kind = 'addition')
      then string-join($others ! (t:label('reading.added') || ' ' || string-join(?sigla, ' ')
        || ': ' || ?text), '; ')
      else if (exists($lem) and empty($lem?sigla))
      then string-join(($lemma-part, $readings), ' ')
      else string-join(($lemma-part, $readings), '; ')"/>
  </xsl:function>

  <!-- A reading's words, or "om." for an empty one; a scribe's correction (a @type
       correction-deletion, -substitution, -addition) as editors print it, by the label
       reading.TYPE ({1} the words, where they are not the lemma's, {2} the words deleted):
       "verbum del.", "corr. ex internale", "modum corr. ex modi", "add."; a correction the labels do not name shows its type
       ("correction-x: words"), never another's label. -->
  <xsl:function name="t:reading-text" as="xs:string">
    <xsl:param name="reading" as="map(*)"/>
    <xsl:variable name="type" select="string($reading?type)"/>
    <xsl:variable name="deleted" select="normalize-space(string-join(
      $reading?reading//del ! t:text(node(), ''), ' '))"/>
    <!-- the words corrected to, unless they are the lemma's ("aeternale] corr. ex …") -->
    <xsl:variable name="lemma" select="$reading?reading/ancestor::app[1] ! t:lemma(.)"/>
    <xsl:variable name="words" select="$reading?text[. != string($lemma ! t:text(node(), ''))]"/>
    <xsl:sequence select="
      if (not(starts-with($type, 'correction'))) then
        (if ($reading?text = '') then t:label('reading.omitted') else $reading?text)
      else if (exists(key('t:label', 'reading.' || $type, $t:labels)))
        then normalize-space(t:label('reading.' || $type, (string($words), $deleted)))
      else $type || ': ' || ($reading?text[. != ''], $deleted)[1]"/>
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
