<?xml version="1.0" encoding="UTF-8"?>
<!-- How readings are printed, as editors print them: an entry as one line in the conventional
     form ("aeternale] coni. Bekker; internale A B"), a reading's words or what its type says
     ("om.", "inv.", "corr. ex …", "add. in marg."), a witness's siglum as the edition prints
     it (<abbr type="siglum">, superscripts kept), an editor's reading with its author instead
     of sigla. Every word printed comes from the labels (labels.xml, keys reading.*), which a
     project may override. Who reads what comes from apparatus.xsl. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:t="urn:teitools"
  xmlns:h="http://www.w3.org/1999/xhtml"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- ==== a reading's parts ==== -->

  <!-- Whether the labels table has $key. -->
  <xsl:function name="t:has-label" as="xs:boolean">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="exists(key('t:label', $key, $t:labels))"/>
  </xsl:function>

  <!-- Words of @type and @cause that are not how a reading is printed: the kinds of entry and
       the words the labels use for other things. -->
  <xsl:variable name="t:not-reading-types" as="xs:string*"
    select="'addition', 'added', 'omitted', 'or', 'crux', 'surplus'"/>

  <!-- A reading's words as printed: plain text (as t:text) with the edition's signs kept:
       {surplus}, †crux† (a <sic> not inside a <choice>). -->
  <xsl:function name="t:words" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$nodes" mode="t:words">
        <!-- for no witness: every word, wherever a page's witness breaks off -->
        <xsl:with-param name="t:witness" select="''" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="normalize-space(replace(string-join($parts), '&#x2060;\s*', ''))"/>
  </xsl:function>

  <xsl:mode name="t:words" on-no-match="text-only-copy"/>

  <xsl:template match="surplus" mode="t:words">
    <xsl:variable name="inner" as="xs:string*">
      <xsl:apply-templates mode="t:words"/>
    </xsl:variable>
    <xsl:sequence select="t:label('reading.surplus', string-join($inner))"/>
  </xsl:template>

  <xsl:template match="sic[not(parent::choice)]" mode="t:words">
    <xsl:variable name="inner" as="xs:string*">
      <xsl:apply-templates mode="t:words"/>
    </xsl:variable>
    <xsl:sequence select="t:label('reading.crux', string-join($inner))"/>
  </xsl:template>

  <!-- Where no sign is inside, the words are exactly the plain text (one text walker). -->
  <xsl:template match="node()[not(descendant::surplus or descendant::sic[not(parent::choice)])]"
    mode="t:words" priority="-0.5">
    <xsl:apply-templates select="." mode="t:plain"/>
  </xsl:template>

  <xsl:template match="note | witDetail | del | teiHeader" mode="t:words" priority="2"/>

  <xsl:template match="supplied" mode="t:words">
    <xsl:text>[</xsl:text>
    <xsl:apply-templates mode="t:words"/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- An entry inside a reading: its lemma's words (as t:text gives an entry, for no
       witness in particular). -->
  <xsl:template match="app" mode="t:words">
    <xsl:apply-templates select="(t:lemma(.), t:readings(.))[1]/node()" mode="t:words"/>
  </xsl:template>

  <xsl:template match="p | head | ab | l | item | lb | cb" mode="t:words">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="t:words"/>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- The nodes a reading's words are in: its own, or those of the reading its @copyOf names
       (a corrected state that agrees with another reading, DLL and PTA). -->
  <xsl:function name="t:reading-nodes" as="node()*">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="if (empty($reading/node()) and $reading/@copyOf)
      then key('t:id', replace($reading/@copyOf, '^.*#', ''), root($reading))[1]/node()
      else $reading/node()"/>
  </xsl:function>

  <!-- The words of @type and @cause of a reading (and DLL's line omission, on its entry). -->
  <xsl:function name="t:reading-types" as="xs:string*">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="distinct-values((tokenize($reading/@type), tokenize($reading/@cause),
      $reading[empty(t:reading-nodes(.))]/ancestor::app[1]/@type[. = 'lineOmission']))"/>
  </xsl:function>

  <!-- Whether a reading is an editor's: a conjecture (the model says so), or a reading
       naming no witness that says who made it (@source, @resp): PTA's emendations. -->
  <xsl:function name="t:editors-reading" as="xs:boolean">
    <xsl:param name="r" as="map(*)"/>
    <xsl:variable name="el" select="$r?reading"/>
    <xsl:sequence select="
      (if (map:contains($r, 'conjecture')) then $r?conjecture = true()
       else exists($el/@t:conjecture[. = 'true']))
      or (empty($r?sigla) and empty(($el/@wit, $el/parent::rdgGrp/@wit))
          and exists(($el/@source, $el/@resp)))"/>
  </xsl:function>

  <!-- Who made an editor's reading, as the edition names them: the siglum of what its
       @source or @resp points to (an <abbr type="siglum">), a person's or editor's name,
       else what t:pointed gives. -->
  <xsl:function name="t:reading-authors" as="xs:string*">
    <xsl:param name="reading" as="element()"/>
    <xsl:for-each select="t:pointers($reading)">
      <xsl:variable name="hit" select="t:pointed-element(., $reading)"/>
      <xsl:variable name="name" select="($hit/descendant::abbr[@type = 'siglum'],
        $hit/self::respStmt/name, $hit/self::person/persName,
        $hit/(descendant::surname, author, editor))[1]"/>
      <xsl:sequence select="if (empty($name)) then t:pointed(., $reading)
        else if ($name/self::author or $name/self::editor)
        then (let $n := normalize-space($name) return
          if (contains($n, ',')) then substring-before($n, ',') else tokenize($n)[last()])
        else normalize-space($name)"/>
    </xsl:for-each>
  </xsl:function>

  <!-- The label an editor's reading is printed with: its LombardPress type, a PTA @cause read
       as one, else reading.conjecture. -->
  <xsl:function name="t:editors-label" as="xs:string">
    <xsl:param name="reading" as="element()"/>
    <xsl:variable name="pta" select="map { 'addition': 'conjecture-supplied',
      'deletion': 'conjecture-removed', 'correction': 'conjecture-corrected',
      'proposition': 'conjecture-proposed', 'conjecture': 'conjecture' }"/>
    <xsl:variable name="keys" select="t:reading-types($reading) ! (
      if (starts-with(., 'conjecture')) then . else $pta(.))"/>
    <xsl:sequence select="'reading.' || ($keys[t:has-label('reading.' || .)], 'conjecture')[1]"/>
  </xsl:function>

  <!-- Where a reading's words were added: the label of its <add>'s @place or its @style. -->
  <xsl:function name="t:reading-place" as="xs:string?">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="($reading/descendant::add/@place, $reading/@style)[1]
      ! tokenize(.)[1] ! t:label('reading.place.' || lower-case(replace(., '[-_\s]', '')))"/>
  </xsl:function>

  <!-- A witness's state in an entry where it reads more than once (@varSeq, or DLL's rdgGrp
       of states): "a.c." for the first, "p.c." for the later ones. -->
  <xsl:function name="t:reading-state" as="xs:string?">
    <xsl:param name="reading" as="element()"/>
    <xsl:variable name="app" select="$reading/ancestor::app[1]"/>
    <xsl:variable name="own" select="t:sigla(($reading/@wit, $reading/parent::rdgGrp/@wit)[1])"/>
    <xsl:variable name="states" select="
      if ($reading/parent::rdgGrp[matches(@type, 'ante|post')])
      then $reading/parent::rdgGrp/(lem | rdg)[@varSeq]
      else t:readings($app)[@varSeq][t:sigla((@wit, parent::rdgGrp/@wit)[1]) = $own]"/>
    <xsl:variable name="first" select="min($states/@varSeq ! number(.))"/>
    <xsl:sequence select="if (count($states) lt 2 or empty($reading/@varSeq)) then ()
      else if (number($reading/@varSeq) = $first) then t:label('reading.state.ante')
      else t:label('reading.state.post')"/>
  </xsl:function>

  <!-- A reading, taken apart as it is printed (a map):
       words: what is printed for it (its words, or what its type's label says, "om." for an
         empty one); labelled: whether that came from a label;
       place: where its words were added, where its label has not said it: printed after
         its words, before its sigla, as LombardPress prints it ("corr. ex fidem in mg. A");
       editors: whether it is an editor's reading; by: then its label and authors
         ("coni. Bekker");
       after: what follows its sigla ("a.c.", "(per hom.)", "[lacuna in B]"); a reading of
         no words that only marks where a witness breaks off or resumes is printed as that
         ("B resumes"). -->
  <xsl:function name="t:reading-parts" as="map(*)">
    <xsl:param name="r" as="map(*)"/>
    <xsl:variable name="el" select="$r?reading"/>
    <xsl:variable name="types" select="t:reading-types($el)"/>
    <xsl:variable name="text" select="t:words(t:reading-nodes($el))"/>
    <xsl:variable name="lemma" select="$el/ancestor::app[1] ! t:lemma(.)"/>
    <xsl:variable name="lemma-text" select="string($lemma ! t:words(t:reading-nodes(.)))"/>
    <xsl:variable name="editors" select="t:editors-reading($r)"/>
    <xsl:variable name="main" select="$types[not(. = $t:not-reading-types)]
      [not(starts-with(., 'conjecture'))][t:has-label('reading.' || .)][1]"/>
    <xsl:variable name="place" select="t:reading-place($el)"/>
    <xsl:variable name="label" select="$main ! string(key('t:label', 'reading.' || ., $t:labels)[1])"/>
    <xsl:variable name="args" select="(
      if ($el/self::lem or $text ne $lemma-text) then $text else '',
      normalize-space(string-join($el//del ! t:words(node()), ' ')),
      string($place),
      string-join(($el//choice)[1]/* ! t:words(node()), ' ' || t:label('reading.or') || ' '))"/>
    <!-- where witnesses break off, resume, begin (the model's t:begins and t:ends) -->
    <xsl:variable name="marks" select="$el//(lacunaStart | lacunaEnd | witStart | witEnd)
      [@t:begins or @t:ends]
      ! t:label('witness.' || local-name(), string-join(tokenize(@t:begins | @t:ends), ' '))"/>
    <xsl:variable name="words" select="
      if ($text = '' and exists($marks)) then string-join($marks, '; ')
      else if (exists($main) and not($editors))
        then normalize-space(t:label('reading.' || $main, $args))
      else if (starts-with(string($el/@type), 'correction') and not($editors))
        then $el/@type || ': ' || ($text[. != ''], $args[2])[1]
      else if ($text = '' and not($editors)) then t:label('reading.omitted')
      else $text"/>
    <xsl:sequence select="map {
      'words': $words,
      'labelled': not($editors) and (exists($main) or $text = ''),
      'editors': $editors,
      'by': if ($editors) then normalize-space(t:label(t:editors-label($el),
        string-join(t:reading-authors($el), ', '))) else (),
      'place': $place[not(exists($main) and contains($label, '{3}'))][not($editors)],
      'after': (t:reading-state($el),
        $types[t:has-label('reading.cause.' || .)] ! ('(' || t:label('reading.cause.' || .) || ')'),
        $marks[$text != ''] ! ('[' || . || ']'))
    }"/>
  </xsl:function>

  <!-- ==== sigla ==== -->

  <!-- How the edition prints a siglum: the <abbr type="siglum"> of its declaration (a witness,
       a group's list or its head, a printed edition, a person), not one of a witness inside
       it; empty where it has none. -->
  <xsl:function name="t:siglum-abbr" as="element()?">
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="decl" select="(t:witness($siglum, $doc), key('t:id', $siglum, root($doc)))[1]"/>
    <xsl:sequence select="($decl/descendant::abbr[@type = 'siglum']
      except $decl/descendant::*[self::witness or self::listWit or self::bibl or self::biblStruct
        or self::msDesc or self::person]/descendant::abbr)[1]"/>
  </xsl:function>

  <!-- A siglum's plain letters: "Mac" for M with a superscript "ac". -->
  <xsl:function name="t:siglum-text" as="xs:string">
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="(t:siglum-abbr($siglum, $doc) ! normalize-space(.)[. != ''], $siglum)[1]"/>
  </xsl:function>

  <!-- A siglum as printed, in HTML (the web edition and the print both are): its letters with
       their superscripts and subscripts, what it stands for in the title. -->
  <xsl:function name="t:siglum" as="element()">
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="abbr" select="t:siglum-abbr($siglum, $doc)"/>
    <xsl:variable name="other" select="key('t:id', $siglum, root($doc))[not(self::witness)][1]"/>
    <h:abbr class="siglum" title="{if (empty(t:witness($siglum, $doc)) and exists($other))
      then normalize-space($other) else t:witness-label($siglum, $doc)}">
      <xsl:choose>
        <xsl:when test="exists($abbr)">
          <xsl:apply-templates select="$abbr/node()" mode="t:siglum"/>
        </xsl:when>
        <xsl:otherwise>{$siglum}</xsl:otherwise>
      </xsl:choose>
    </h:abbr>
  </xsl:function>

  <xsl:mode name="t:siglum" on-no-match="text-only-copy"/>

  <xsl:template match="hi[tokenize(@rend) = ('sup', 'super', 'superscript')
      or matches(@rend, 'vertical-align:\s*super')]" mode="t:siglum">
    <h:sup><xsl:apply-templates mode="t:siglum"/></h:sup>
  </xsl:template>

  <xsl:template match="hi[tokenize(@rend) = ('sub', 'subscript')
      or matches(@rend, 'vertical-align:\s*sub')]" mode="t:siglum">
    <h:sub><xsl:apply-templates mode="t:siglum"/></h:sub>
  </xsl:template>

  <!-- The sigla of a reading, as printed, a space between them. -->
  <xsl:function name="t:sigla-nodes" as="node()*">
    <xsl:param name="sigla" as="xs:string*"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:for-each select="$sigla">
      <xsl:if test="position() > 1">
        <xsl:value-of select="' '"/>
      </xsl:if>
      <xsl:sequence select="t:siglum(., $doc)"/>
    </xsl:for-each>
  </xsl:function>

  <!-- ==== an entry in one line ==== -->

  <!-- What follows a reading's words: its sigla (or, for an editor's, who made it), then
       what the parts put after them. A lemma that names no witness (a negative apparatus)
       has no sigla printed: "fides] om. A". -->
  <xsl:function name="t:reading-witnesses" as="node()*">
    <xsl:param name="r" as="map(*)"/>
    <xsl:param name="parts" as="map(*)"/>
    <xsl:variable name="who" as="node()*" select="if ($parts?editors)
      then t:editors-nodes($r?reading)
      else if ($r?lemma and empty(($r?reading/@wit, $r?reading/parent::rdgGrp/@wit))) then ()
      else t:sigla-nodes(t:printed-sigla($r), $r?reading)"/>
    <xsl:sequence select="t:joined(array:join(([$who], $parts?after ! [t:label-node(.)])), ' ')"/>
  </xsl:function>

  <!-- The sigla printed for a reading: who reads it (the model's), else those it names
       itself (a witness's earlier state, which is its text nowhere: "soles M a.c."); not
       those whose manuscript or family is printed too. -->
  <xsl:function name="t:printed-sigla" as="xs:string*">
    <xsl:param name="r" as="map(*)"/>
    <xsl:variable name="all" select="if (exists($r?sigla)) then $r?sigla
      else t:sigla(($r?reading/@wit, $r?reading/parent::rdgGrp/@wit)[1])"/>
    <xsl:sequence select="$all[not(t:siglum-parent(., $r?reading) = $all)]"/>
  </xsl:function>

  <!-- The witness a siglum's declaration is inside (a hand's manuscript, a member's family):
       where both read, editors print only the outer one ("nondum] M", not "M Mac M1"). -->
  <xsl:function name="t:siglum-parent" as="xs:string?">
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="t:witness($siglum, $doc)/ancestor::*[self::witness
      or self::listWit[@xml:id]][1] ! string((@xml:id, @n)[1])"/>
  </xsl:function>

  <!-- Who made an editor's reading, as printed: the label (italic) around their names, a
       siglum as the edition prints it ("coni. Schenkl²"). -->
  <xsl:function name="t:editors-nodes" as="node()*">
    <xsl:param name="reading" as="element()"/>
    <xsl:variable name="label" select="t:label(t:editors-label($reading))"/>
    <xsl:variable name="names" as="node()*">
      <xsl:for-each select="t:pointers($reading)">
        <xsl:variable name="i" select="position()"/>
        <xsl:if test="$i > 1">
          <xsl:value-of select="', '"/>
        </xsl:if>
        <xsl:variable name="abbr" select="t:pointed-element(., $reading)
          ! t:siglum-abbr(string(@xml:id), $reading)"/>
        <xsl:sequence select="if (exists($abbr)) then t:siglum(replace(., '^.*#', ''), $reading)
          else t:text-node(t:reading-authors($reading)[$i])"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="t:joined([
      substring-before($label, '{1}')[normalize-space()] ! t:label-node(normalize-space(.)),
      $names, substring-after($label, '{1}')[normalize-space()] ! t:label-node(normalize-space(.))],
      ' ')"/>
  </xsl:function>

  <!-- The pointers of a reading's @source and @resp, in order. -->
  <xsl:function name="t:pointers" as="xs:string*">
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="tokenize(normalize-space(string-join(($reading/@source, $reading/@resp),
      ' ')))"/>
  </xsl:function>

  <!-- The element a "#id" pointer names in the reading's document. -->
  <xsl:function name="t:pointed-element" as="element()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="reading" as="element()"/>
    <xsl:sequence select="if (contains($pointer, '#'))
      then key('t:id', replace($pointer, '^.*#', ''), root($reading))[1] else ()"/>
  </xsl:function>

  <!-- A label's words, set in italics as editors print their abbreviations. -->
  <xsl:function name="t:label-node" as="element()">
    <xsl:param name="text" as="xs:string"/>
    <h:i class="app-label">{$text}</h:i>
  </xsl:function>

  <!-- Nodes joined by a separator (text), empty ones left out. -->
  <xsl:function name="t:joined" as="node()*">
    <xsl:param name="groups" as="array(node()*)"/>
    <xsl:param name="separator" as="xs:string"/>
    <xsl:variable name="full" select="array:filter($groups, function ($g) {
      normalize-space(string-join($g ! string(.))) != '' })"/>
    <xsl:for-each select="1 to array:size($full)">
      <xsl:if test=". > 1">
        <xsl:value-of select="$separator"/>
      </xsl:if>
      <xsl:sequence select="$full(.)"/>
    </xsl:for-each>
  </xsl:function>

  <!-- One reading in the line: what is printed for it, then its witnesses. -->
  <xsl:function name="t:reading-line" as="node()*">
    <xsl:param name="r" as="map(*)"/>
    <xsl:variable name="parts" select="t:reading-parts($r)"/>
    <xsl:sequence select="t:joined([
      if ($parts?labelled) then t:label-node($parts?words) else t:text-node($parts?words),
      $parts?place ! t:label-node(.), t:reading-witnesses($r, $parts)], ' ')"/>
  </xsl:function>

  <xsl:function name="t:text-node" as="text()?">
    <xsl:param name="text" as="xs:string"/>
    <xsl:value-of select="$text"/>
  </xsl:function>

  <!-- An entry as one line in the conventional form, as nodes (sigla as printed, labels in
       italics): "people to fill the stage] W; statisticians SD"; "aeternale] coni. Bekker;
       internale A B"; a lemma no witness is named for (a negative apparatus) as
       "aeternale] corr. ex internale L"; an empty lemma whose readings only delete as
       "verbum del. L"; an addition as "add. Q: not only for …", its words cut after $words
       words where $words is more than 0. An empty lemma is shown by its @n (LombardPress's
       suggested lemma) where it has one; a line omitted (DLL's lineOmission) only as
       "vers. om. G". -->
  <xsl:function name="t:entry-line" as="node()*">
    <xsl:param name="app" as="element(app)"/>
    <xsl:param name="words" as="xs:integer"/>
    <xsl:variable name="e" select="t:entry($app)"/>
    <xsl:variable name="lem" select="$e?readings[?lemma][1]"/>
    <xsl:variable name="others" select="$e?readings[not(?lemma)]"/>
    <xsl:choose>
      <xsl:when test="$e?kind = 'addition' and not($lem?reading/@n)">
        <xsl:sequence select="t:joined(array:join($others ! [(
          t:label-node(t:label('reading.added')), t:text-node(' '),
          t:sigla-nodes(?sigla, $app), t:text-node(': '),
          t:text-node(t:shortened(t:words(t:reading-nodes(?reading)), $words)))]), '; ')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="lem-parts" select="$lem ! t:reading-parts(.)"/>
        <xsl:variable name="lem-words" select="if ($app/@type = 'lineOmission') then ()
          else ($lem?reading ! t:words(t:reading-nodes(.)), $lem?reading/@n)[. != ''][1]"/>
        <xsl:variable name="lem-witnesses" select="$lem ! t:reading-witnesses(., $lem-parts)"/>
        <xsl:variable name="lemma-part" as="node()*" select="if ($app/@type = 'lineOmission')
          then () else t:joined([$lem-words ! t:text-node(. || ']'), $lem-witnesses], ' ')"/>
        <xsl:variable name="readings" select="t:joined(array:join($others ! [t:reading-line(.)]),
          '; ')"/>
        <xsl:sequence select="t:joined([$lemma-part, $readings],
          if (exists($lem-witnesses) or empty($lem-words)) then '; ' else ' ')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The first $words words of a long text, and an ellipsis ($words 0: the whole). -->
  <xsl:function name="t:shortened" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="words" as="xs:integer"/>
    <xsl:variable name="all" select="tokenize($text)"/>
    <xsl:sequence select="if ($words le 0 or count($all) le $words + 4) then $text
      else string-join(subsequence($all, 1, $words), ' ') || ' …'"/>
  </xsl:function>

  <!-- The same line as plain text (sigla by their plain letters), for names, titles and the
       search index. -->
  <xsl:function name="t:entry-summary" as="xs:string">
    <xsl:param name="app" as="element(app)"/>
    <xsl:sequence select="normalize-space(string-join(t:entry-line($app, 0) ! string(.)))"/>
  </xsl:function>
</xsl:stylesheet>
