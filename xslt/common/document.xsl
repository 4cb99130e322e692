<?xml version="1.0" encoding="UTF-8"?>
<!-- What every rendering needs to know about a TEI document besides its apparatus:
     its title, the numbering of paragraphs, pages and notes, its plain text, and its pages
     as ranges between page breaks. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:key name="t:id" match="*[@xml:id]" use="@xml:id"/>

  <!-- Paragraphs are numbered through the text, notes' paragraphs left out: ¶ numbers are
       the anchors citations use, and the same as teitools.witnesses.entries counts. In a
       teiCorpus each TEI is a document of its own: its count starts again. -->
  <xsl:accumulator name="t:paragraph" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="TEI" select="0"/>
    <xsl:accumulator-rule match="text//p[not(ancestor::note)]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The printed page a node stands on: the @n of the last page break before it. -->
  <xsl:accumulator name="t:page" as="xs:string?" initial-value="()">
    <xsl:accumulator-rule match="TEI" select="()"/>
    <xsl:accumulator-rule match="text//pb[t:in-series(.)]" select="string(@n)"/>
  </xsl:accumulator>

  <!-- Apparatus entries, outermost and nested, numbered in the order of the text. -->
  <xsl:accumulator name="t:entry" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//app" select="$value + 1"/>
  </xsl:accumulator>

  <!-- Notes outside the apparatus, numbered in the order of the text. -->
  <xsl:accumulator name="t:note" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//note[not(ancestor::app)]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- What teitools.metadata read in the documents' headers (Metadata.element: title[@type],
       author, date[@of], language, …, each with @source, its document's file name): the one
       reading of a header, so that the index, the pages and the PDF agree. Given as those
       elements or documents holding them; without any, the few things below are read from
       the header itself. -->
  <xsl:param name="metadata" as="node()*" select="()"/>

  <xsl:variable name="t:metadata-of" as="map(xs:string, element())"
    select="map:merge($metadata/descendant-or-self::*:metadata ! map { string(@source): . },
      map { 'duplicates': 'use-first' })"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>

  <xsl:function name="t:metadata" as="element()?">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="$t:metadata-of(t:file-name($doc))"/>
  </xsl:function>

  <!-- The main title of a document (else its first title, else its first heading). -->
  <xsl:function name="t:title" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="ts" select="root($doc)/TEI/teiHeader/fileDesc/titleStmt"/>
    <xsl:sequence select="normalize-space((t:metadata($doc)/*:title[@type = 'main'],
      $ts/title[@type = 'main'], $ts/title, root($doc)//text//head)[1])"/>
  </xsl:function>

  <!-- A document's subtitles, if it has any. -->
  <xsl:function name="t:subtitle" as="xs:string*">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="m" select="t:metadata($doc)"/>
    <xsl:sequence select="if (exists($m)) then $m/*:title[@type = 'sub'] ! string()
      else root($doc)/TEI/teiHeader/fileDesc/titleStmt/title[@type = 'sub'] ! normalize-space()"/>
  </xsl:function>

  <!-- The names of a document's authors, without their identifiers and notes. -->
  <xsl:function name="t:authors" as="xs:string*">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="m" select="t:metadata($doc)"/>
    <xsl:sequence select="if (exists($m)) then $m/*:author ! string()
      else root($doc)/TEI/teiHeader/fileDesc/titleStmt/author
        ! normalize-space(string-join(.//text()[not(ancestor::idno | ancestor::note)], ' '))
        [. != '']"/>
  </xsl:function>

  <!-- Names on one line: separated by commas, or by semicolons where one is written surname
       first ("Storm, Theodor"). -->
  <xsl:function name="t:separator" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:sequence select="if (some $n in $names satisfies contains($n, ',')) then '; ' else ', '"/>
  </xsl:function>

  <!-- The language of a document's text (not of its header), if it says. -->
  <xsl:function name="t:language" as="xs:string?">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="tei" select="root($doc)/TEI"/>
    <xsl:sequence select="(t:metadata($doc)/*:language[1],
      ($tei/text, $tei/text/body, $tei)/@xml:lang)[normalize-space()][1] ! string()"/>
  </xsl:function>

  <!-- The language of a node, from the nearest xml:lang. -->
  <xsl:function name="t:lang" as="xs:string?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node/ancestor-or-self::*[@xml:lang][1]/@xml:lang ! string()"/>
  </xsl:function>

  <!-- The number of a paragraph, the anchor the renderings give it, and the page it starts on. -->
  <xsl:function name="t:paragraph-number" as="xs:integer">
    <xsl:param name="p" as="element(p)"/>
    <xsl:sequence select="$p ! accumulator-before('t:paragraph')"/>
  </xsl:function>

  <xsl:function name="t:paragraph-anchor" as="xs:string">
    <xsl:param name="number" as="xs:integer"/>
    <xsl:sequence select="'para-' || $number"/>
  </xsl:function>

  <xsl:function name="t:page-of" as="xs:string?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node ! accumulator-before('t:page')"/>
  </xsl:function>

  <!-- Whether a paragraph is counted (and so cited): not one inside a note. -->
  <xsl:function name="t:numbered" as="xs:boolean">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="$p/self::p and not($p/ancestor::note) and exists($p/ancestor::text)"/>
  </xsl:function>

  <!-- ==== citation units ==== -->

  <!-- What a passage is cited by: 'paragraph', 'line' (a verse line), 'speech', 'ab' (an
       anonymous block), 'n' (the elements' own @n); 'auto' (or any other value) chooses for
       each document from its text (t:auto-unit). A project says it in teitools.toml
       (citation = "…"). -->
  <xsl:param name="citation" as="xs:string" select="'auto'"/>

  <xsl:variable name="t:units" as="xs:string+" select="'paragraph', 'line', 'speech', 'ab', 'n'"/>

  <!-- The unit of each TEI document (each TEI of a teiCorpus on its own), decided once, at
       its start. -->
  <xsl:accumulator name="t:unit" as="xs:string" initial-value="'paragraph'">
    <xsl:accumulator-rule match="TEI" select="t:unit-of(.)"/>
  </xsl:accumulator>

  <xsl:function name="t:unit-of" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="if ($citation = $t:units) then $citation else t:auto-unit($tei)"/>
  </xsl:function>

  <!-- The units a TEI document is cited by, found once for each document (an accumulator's
       value at its start; the function only remembers it, cache, for a quicker look-up) in
       one pass over its text: a map from each unit's generate-id() to its record, a map with
       el (the unit), unit (the document's), n (its number), page (as t:page-of), base and
       anchor, the same but where a number comes twice (verse numbered again in each act, an
       @n repeated): l-12, then l-12-2; place and cite, its place as a reader reads it and as
       a link to cite it says it (t:place). The functions below read it. -->
  <xsl:accumulator name="t:citations" as="map(*)" initial-value="map {}">
    <xsl:accumulator-rule match="TEI" select="t:citations-of(.)"/>
  </xsl:accumulator>

  <xsl:function name="t:citations" as="map(*)" cache="yes">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei ! accumulator-before('t:citations')"/>
  </xsl:function>

  <!-- (what depends only on the document, its prefix and its series of page breaks, is found
       once, not for each unit and page break; only the elements that can be its units are
       walked, with its page breaks; paragraphs, speeches and blocks, numbered by their
       count, never share an anchor) -->
  <xsl:function name="t:citations-of" as="map(xs:string, map(*))">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="unit" select="t:unit-of($tei)"/>
    <xsl:variable name="prefix" select="t:document-prefix($tei)"/>
    <!-- (a TEI inside the text, which the schema does not allow, has a prefix of its own) -->
    <xsl:variable name="nested" select="exists($tei/text//TEI)"/>
    <xsl:variable name="series" select="t:page-series($tei)"/>
    <!-- (the two labels of a place, t:place, split once where the number goes: each unit's
         is its number between the parts, as t:label would replace it) -->
    <xsl:variable name="place" select="tokenize(t:label($unit), '\{1\}')"/>
    <xsl:variable name="cite" select="tokenize(t:label($unit || '.cite'), '\{1\}')"/>
    <xsl:variable name="counted" select="$unit = ('paragraph', 'speech', 'ab')"/>
    <xsl:variable name="records" as="map(*)*">
      <xsl:iterate select="if ($unit = 'paragraph') then $tei/text//(p | pb)
        else if ($unit = 'line') then $tei/text//(l | pb)
        else if ($unit = 'speech') then $tei/text//(sp | pb)
        else if ($unit = 'ab') then $tei/text//(ab | pb)
        else $tei/text//(p | l | sp | ab | lg | pb)">
        <xsl:param name="page" as="xs:string?" select="()"/>
        <xsl:param name="count" as="xs:integer" select="0"/>
        <xsl:choose>
          <xsl:when test="self::pb">
            <xsl:next-iteration>
              <xsl:with-param name="page" select="if (if ($series = '')
                then empty(@ed | @edRef) else t:editions(.) = $series) then string(@n)
                else $page"/>
            </xsl:next-iteration>
          </xsl:when>
          <xsl:when test="t:is-unit(., $unit)">
            <xsl:variable name="n" select="if ($counted) then string($count + 1)
              else t:unit-number(., $unit)"/>
            <xsl:variable name="base" select="(if ($nested) then t:document-prefix(.)
              else $prefix) || t:anchor-name($unit, $n)"/>
            <xsl:sequence select="map { 'el': ., 'unit': $unit, 'n': $n, 'page': $page,
              'base': $base, 'anchor': $base, 'place': string-join($place, $n),
              'cite': string-join($cite, $n) }"/>
            <xsl:next-iteration>
              <xsl:with-param name="count" select="$count + 1"/>
            </xsl:next-iteration>
          </xsl:when>
        </xsl:choose>
      </xsl:iterate>
    </xsl:variable>
    <xsl:map>
      <xsl:choose>
        <xsl:when test="$counted">
          <xsl:for-each select="$records">
            <xsl:map-entry key="generate-id(?el)" select="."/>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each-group select="$records" group-by="?base">
            <xsl:for-each select="current-group()">
              <xsl:variable name="seen" select="position()"/>
              <xsl:map-entry key="generate-id(?el)" select="if ($seen eq 1) then .
                else map:put(., 'anchor', ?base || '-' || $seen)"
                xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
            </xsl:for-each>
          </xsl:for-each-group>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:map>
  </xsl:function>

  <!-- The unit a text is cited by when the project does not say: drama mostly in verse by its
       lines, drama in prose by its speeches, verse by its lines, a text of anonymous blocks
       only by them, anything else by its paragraphs. -->
  <xsl:function name="t:auto-unit" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="sp" select="$tei/text//sp"/>
    <xsl:sequence select="
      if (exists($sp)) then
        (if (count($sp[.//l]) * 2 ge count($sp)) then 'line' else 'speech')
      else if (count($tei/text//l) gt count($tei/text//p)) then 'line'
      else if (exists($tei/text//ab) and empty($tei/text//p)) then 'ab'
      else 'paragraph'"/>
  </xsl:function>

  <xsl:function name="t:citation-unit" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node ! accumulator-before('t:unit')"/>
  </xsl:function>

  <!-- Whether an element of the text is a unit it is cited by (and so has an anchor and a
       number): not one in a note; a part of a shared verse line after its first is not a
       line again; with 'n', the innermost block carrying an @n. -->
  <xsl:function name="t:is-unit" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="unit" as="xs:string"/>
    <xsl:sequence select="empty($el/ancestor::note) and (
      if ($unit = 'paragraph') then exists($el/self::p)
      else if ($unit = 'line') then exists($el/self::l) and not($el/@part = ('M', 'F', 'm', 'f'))
      else if ($unit = 'speech') then exists($el/self::sp)
      else if ($unit = 'ab') then exists($el/self::ab)
      else t:n-block($el) and empty($el//*[t:n-block(.)]))"/>
  </xsl:function>

  <!-- The record of a cited unit (see t:citations), none for any other element. -->
  <xsl:function name="t:citation" as="map(*)?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="$el[self::p or self::l or self::sp or self::ab or self::lg]
      /ancestor::TEI[1] ! t:citations(.)(generate-id($el))"/>
  </xsl:function>

  <!-- Whether an element is a unit its text is cited by (t:is-unit). -->
  <xsl:function name="t:cited" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists(t:citation($el))"/>
  </xsl:function>

  <xsl:function name="t:n-block" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::p or self::ab or self::l or self::lg or self::sp]
      [normalize-space(@n)])"/>
  </xsl:function>

  <!-- Speeches and anonymous blocks are counted through each document's text. -->
  <xsl:accumulator name="t:speech" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="TEI" select="0"/>
    <xsl:accumulator-rule match="text//sp[not(ancestor::note)]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:accumulator name="t:ab" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="TEI" select="0"/>
    <xsl:accumulator-rule match="text//ab[not(ancestor::note)]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The number a cited unit is shown and cited by: a paragraph's, speech's or block's
       count, a verse line's number (its @n where it has one), or its own @n. -->
  <xsl:function name="t:citation-number" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="cited" select="t:citation($el)"/>
    <xsl:sequence select="if (exists($cited)) then $cited?n
      else t:unit-number($el, t:citation-unit($el))"/>
  </xsl:function>

  <xsl:function name="t:unit-number" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="unit" as="xs:string"/>
    <xsl:sequence select="string(
      if ($unit = 'paragraph') then t:paragraph-number($el)
      else if ($unit = 'line') then (normalize-space($el/@n)[.],
        $el ! accumulator-before('t:line'))[1]
      else if ($unit = 'speech') then $el ! accumulator-before('t:speech')
      else if ($unit = 'ab') then $el ! accumulator-before('t:ab')
      else normalize-space($el/@n))"/>
  </xsl:function>

  <!-- The anchor of a unit numbered $n, before a number that came before it is told apart. -->
  <xsl:function name="t:anchor-base" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="unit" as="xs:string"/>
    <xsl:param name="n" as="xs:string"/>
    <xsl:sequence select="t:document-prefix($el) || t:anchor-name($unit, $n)"/>
  </xsl:function>

  <!-- The same without the prefix of a document of a teiCorpus. -->
  <xsl:function name="t:anchor-name" as="xs:string">
    <xsl:param name="unit" as="xs:string"/>
    <xsl:param name="n" as="xs:string"/>
    <xsl:sequence select="
      if ($unit = 'paragraph') then t:paragraph-anchor(xs:integer($n))
      else if ($unit = 'line') then 'l-' || replace($n, '[^\p{L}\p{N}_.-]', '_')
      else if ($unit = 'speech') then 'sp-' || $n
      else if ($unit = 'ab') then 'ab-' || $n
      else 'n-' || replace($n, '[^\p{L}\p{N}_.-]', '_')"/>
  </xsl:function>

  <!-- The anchor of a cited unit (#para-3, #l-120, #sp-12, #ab-4, #n-1.2), the same in every
       rendering; in a teiCorpus, after its document's prefix (t:document-prefix). -->
  <xsl:function name="t:citation-anchor" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="cited" select="t:citation($el)"/>
    <xsl:sequence select="if (exists($cited)) then $cited?anchor
      else let $unit := t:citation-unit($el),
        $base := t:anchor-base($el, $unit, t:unit-number($el, $unit)),
        $seen := count($el/ancestor::TEI[1] ! t:citations(.)?*[?base = $base][?el &lt;&lt; $el])
      return $base || ('-' || $seen)[$seen gt 1]"/>
  </xsl:function>

  <!-- In a teiCorpus, what sets apart the anchors of one TEI from another's: its
       t:document-id and a hyphen ("d2-"); '' in a single TEI. -->
  <xsl:function name="t:document-prefix" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="tei" select="$node/ancestor-or-self::TEI[1]"/>
    <xsl:sequence select="if (empty($tei/ancestor::teiCorpus)) then ''
      else t:document-id($tei) || '-'"/>
  </xsl:function>

  <!-- ==== a teiCorpus: each TEI (and each corpus inside it) a document of its own ==== -->

  <!-- A document's id in the page of its corpus: its xml:id, else its place ("d2"). -->
  <xsl:function name="t:document-id" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="string(($doc/@xml:id,
      'd' || count($doc/(preceding::TEI | preceding::teiCorpus | ancestor::teiCorpus)))[1])"/>
  </xsl:function>

  <!-- The title a TEI or teiCorpus of a corpus gives itself in its own header (its main
       title, else its first title, else its text's first heading). -->
  <xsl:function name="t:own-title" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="ts" select="$doc/teiHeader/fileDesc/titleStmt"/>
    <xsl:sequence select="normalize-space(($ts/title[@type = 'main'], $ts/title,
      $doc/text//head)[1])"/>
  </xsl:function>

  <!-- A unit's place, as a reader reads it ("¶ 3", "l. 120") and as a link to cite it says it
       ("Cite line 120"): labels.xml, keys paragraph, line, speech, ab, n and the same with
       .cite. -->
  <xsl:function name="t:citation-label" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="cite" as="xs:boolean"/>
    <xsl:variable name="cited" select="t:citation($el)"/>
    <xsl:sequence select="if (exists($cited)) then t:place($cited, $cite)
      else t:label(t:citation-unit($el) || '.cite'[$cite], t:citation-number($el))"/>
  </xsl:function>

  <!-- The same, from a cited unit's record (t:citation), which holds both. -->
  <xsl:function name="t:place" as="xs:string">
    <xsl:param name="cited" as="map(*)"/>
    <xsl:param name="cite" as="xs:boolean"/>
    <xsl:sequence select="if ($cite) then $cited?cite else $cited?place"/>
  </xsl:function>

  <!-- How deep a heading is: the number of divisions with a heading around it (1 for the
       first level); a rendering adds its own offset. -->
  <xsl:function name="t:heading-depth" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="max((1, count($head/ancestor::*[self::div or self::div1 or self::div2
      or self::div3 or self::div4 or self::div5 or self::div6 or self::div7][head])))"/>
  </xsl:function>

  <!-- Pages as ranges: whether a node lies (at least in part) after the page break $from
       and before $to. An empty bound is open. An element that holds $from is in part after it. -->
  <xsl:function name="t:in-range" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:param name="from" as="element()?"/>
    <xsl:param name="to" as="element()?"/>
    <xsl:sequence select="(empty($to) or $node &lt;&lt; $to)
      and (empty($from) or $node >> $from or exists($from/ancestor::* intersect $node))"/>
  </xsl:function>

  <!-- The page break after $pb in its document (the end of its page), if any. -->
  <xsl:function name="t:next-page" as="element()?">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="$pb/following::pb[t:in-series(.)][1]"/>
  </xsl:function>

  <!-- The element a pointer names: "#id" in this document, "file.xml#id" in another one of
       $documents (found by the file name of its base URI). -->
  <xsl:function name="t:resolve" as="element()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="file" select="substring-before($pointer, '#')"/>
    <xsl:variable name="doc" select="if ($file = '') then root($context)
      else $documents[t:file-name(.) = $file][1]"/>
    <xsl:sequence select="$doc ! key('t:id', substring-after($pointer, '#'), .)[1]"/>
  </xsl:function>

  <!-- The file name of a document (the last step of its base URI). -->
  <xsl:function name="t:file-name" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="string(tokenize(string(base-uri(root($doc))), '/')[last()])"/>
  </xsl:function>

  <!-- Page breaks: one series, that of one edition, never mixed. -->
  <xsl:key name="t:pb-plain" match="pb[not(@ed or @edRef)]" use="'plain'"/>
  <xsl:key name="t:pb-any" match="pb" use="'any'"/>

  <xsl:function name="t:page-series" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="if ($pb-edition != '') then $pb-edition
      else if (exists(key('t:pb-plain', 'plain', root($doc)))) then ''
      else (key('t:pb-any', 'any', root($doc))[1] ! t:editions(.), '')[1]"/>
  </xsl:function>

  <xsl:function name="t:editions" as="xs:string*">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="($pb/@ed, $pb/@edRef) ! tokenize(.) ! replace(., '^.*#', '')"/>
  </xsl:function>

  <xsl:function name="t:in-series" as="xs:boolean">
    <xsl:param name="pb" as="element()"/>
    <xsl:variable name="series" select="t:page-series($pb)"/>
    <xsl:sequence select="if ($series = '') then empty($pb/(@ed | @edRef))
      else t:editions($pb) = $series"/>
  </xsl:function>

  <!-- The page breaks of another document that point at page $id of this one. -->
  <xsl:key name="t:faces" match="pb[@corresp]" use="tokenize(@corresp)"/>

  <xsl:function name="t:facing-pages" as="element()*">
    <xsl:param name="pb" as="element()"/>
    <xsl:sequence select="$facing ! key('t:faces', $source-name || '#' || $pb/@xml:id, .)"/>
  </xsl:function>

  <!-- Plain text: a node as a witness reads it. Notes and descriptions in the apparatus are
       not text; the translator's insertions keep their brackets. -->
  <xsl:mode name="t:plain" on-no-match="text-only-copy"/>

  <xsl:function name="t:text" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$nodes" mode="t:plain">
        <xsl:with-param name="t:witness" select="$siglum" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:variable name="text" select="string-join($parts)"/>
    <!-- (the joiner, from a break inside a word, is seldom there: no regex without it) -->
    <xsl:sequence select="normalize-space(if (contains($text, '&#x2060;'))
      then replace($text, '&#x2060;\s*', '') else $text)"/>
  </xsl:function>

  <xsl:template match="note | witDetail | del | teiHeader" mode="t:plain"/>

  <!-- Words not there (lost, illegible, not quoted): marked where they are missing. -->
  <xsl:template match="gap" mode="t:plain"> […] </xsl:template>

  <xsl:template match="supplied" mode="t:plain">
    <xsl:text>[</xsl:text>
    <xsl:apply-templates mode="t:plain"/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="choice" mode="t:plain">
    <xsl:apply-templates select="(corr | reg | expan | seg, *)[1]" mode="t:plain"/>
  </xsl:template>

  <xsl:template match="pb[@break = 'no'] | lb[@break = 'no']" mode="t:plain">&#x2060;</xsl:template>

  <xsl:template match="p | head | ab | l | item | stage[not(parent::p)] | byline | lb | cb"
    mode="t:plain">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="t:plain"/>
    <xsl:text> </xsl:text>
  </xsl:template>
</xsl:stylesheet>
