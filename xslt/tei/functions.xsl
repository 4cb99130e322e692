<?xml version="1.0" encoding="UTF-8"?>
<!-- What the mapping decides about an element, once: inline or block, its classes, whether a
     pointer may become a link, the number of a verse line, and which notes are set apart. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!-- Whether an element stands in running text (its parent holds words, or is a paragraph,
       line or heading), and so is a span rather than a block. -->
  <xsl:function name="t:inline" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/parent::*/text()[normalize-space()])
      or exists($el/parent::*[self::p or self::l or self::ab or self::head or self::speaker
        or self::hi or self::seg or self::label or self::q or self::title or self::emph
        or self::foreign or self::role or self::roleDesc or self::castItem or self::titlePart
        or self::byline or self::dateline or self::salute or self::signed or self::trailer
        or self::docImprint or self::docAuthor or self::docDate or self::item[not(*[t:is-block(.)])]
        or self::cell[not(*[t:is-block(.)])] or self::stage or self::said[not(p | lg | sp)]
        or self::quote[not(p | lg | l | sp | list)] or self::w or self::name or self::persName
        or self::placeName or self::date or self::add or self::del or self::corr or self::sic
        or self::reg or self::orig or self::expan or self::abbr or self::unclear
        or self::supplied or self::bibl or self::ref])"/>
  </xsl:function>

  <!-- Whether an element is one of TEI's blocks (it makes its own paragraph or more). -->
  <xsl:function name="t:is-block" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::p or self::lg or self::l or self::list or self::table
      or self::sp or self::div or self::ab or self::figure or self::quote[p | lg | l]
      or self::castList or self::floatingText or self::listBibl])"/>
  </xsl:function>

  <!-- The classes of an element: the given ones, then its @type and @subtype values after its
       name (div-act, stage-exit), its @rend and @rendition values; each a word safe in a
       class attribute. An unknown value is a class like any other, never a failure. -->
  <xsl:function name="t:classes" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:param name="given" as="xs:string*"/>
    <!-- (most elements have none of these attributes: their one given class, at once) -->
    <xsl:sequence select="if (count($given) le 1
        and empty($el/(@type | @subtype | @rend | @rendition))) then string($given)
      else string-join(distinct-values(($given,
      ($el/@type, $el/@subtype) ! tokenize(.) ! (local-name($el) || '-' || t:class-word(.)),
      $el/@rend ! tokenize(.) ! ('rend-' || t:class-word(.)),
      $el/@rendition ! tokenize(.) ! ('rendition-' || t:class-word(replace(., '^.*#', ''))))),
      ' ')"/>
  </xsl:function>

  <xsl:function name="t:class-word" as="xs:string">
    <xsl:param name="value" as="xs:string"/>
    <xsl:sequence select="replace($value, '[^\p{L}\p{N}_-]', '_')"/>
  </xsl:function>

  <!-- A pointer as a link that cannot run code: http(s), a relative path, a #fragment;
       nothing for any other scheme (javascript:, data:, vbscript:, file: …). -->
  <xsl:function name="t:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($url)"/>
    <xsl:sequence select="if ($u = '' or matches($u, '[\p{Cc}\\]')) then ()
      else if (matches($u, '^https?://', 'i')) then $u
      else if (matches($u, '^[^:/?#]*:') or starts-with($u, '//')) then ()
      else $u"/>
  </xsl:function>

  <!-- Whether a note is set apart from the text (at the foot, the end, in the margin: every
       @place but those that keep it in the flow of the text). -->
  <xsl:function name="t:set-apart" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="not($note/@place = ('inline', 'display', 'intext', 'here'))
      and not(t:standing-note($note))"/>
  </xsl:function>

  <!-- Whether a note stands between blocks (its parent a division, front, back or body):
       set in place as a block, for a call mark alone on its line would say nothing. -->
  <xsl:function name="t:standing-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="exists($note/parent::*[self::div or self::div1 or self::div2
      or self::div3 or self::div4 or self::div5 or self::div6 or self::div7 or self::front
      or self::back or self::body])"/>
  </xsl:function>

  <!-- A note set apart that stands between the blocks of a speech, a stanza, a list… (in
       plays, a note after the speaker, before the speech): its call goes at the end of the
       block before it (t:hung-on), not on a line of its own. These are the blocks that take
       it; a note after any other element, or first in its parent, keeps its place. -->
  <xsl:function name="t:hanging-note" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists($node/self::note[t:set-apart(.)][empty(ancestor::app)]
      [exists(ancestor::text)][not(t:inline(.))])"/>
  </xsl:function>

  <xsl:function name="t:hung-on" as="element()?">
    <xsl:param name="note" as="element()"/>
    <xsl:iterate select="reverse($note/preceding-sibling::node())">
      <xsl:choose>
        <xsl:when test="t:blank(.) or t:hanging-note(.)">
          <xsl:next-iteration/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:sequence select="self::*[self::p or self::ab or self::l or self::speaker
            or self::stage or self::head or self::trailer or self::byline or self::dateline
            or self::signed or self::salute or self::item or self::label]"/>
          <xsl:break/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:function>

  <!-- What a reader does not see between two blocks: white space, a comment, a PI. -->
  <xsl:function name="t:blank" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists($node/(self::text()[not(normalize-space())] | self::comment()
      | self::processing-instruction()))"/>
  </xsl:function>

  <!-- The notes whose calls go at the end of a block (see t:hung-on), in their order. -->
  <xsl:function name="t:hung-notes" as="element()*">
    <xsl:param name="block" as="element()"/>
    <xsl:iterate select="$block/following-sibling::node()">
      <xsl:choose>
        <xsl:when test="t:blank(.)">
          <xsl:next-iteration/>
        </xsl:when>
        <xsl:when test="t:hanging-note(.)">
          <xsl:sequence select="."/>
          <xsl:next-iteration/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:break/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:iterate>
  </xsl:function>

  <!-- Notes set apart (outside the apparatus) numbered in the order of the text, without
       gaps: a note kept in the text's flow takes no number (through a teiCorpus, whose page
       and book hold all its documents' notes: their ids stay unique). -->
  <xsl:accumulator name="t:footnote-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//note[not(ancestor::app)][t:set-apart(.)]"
      select="$value + 1"/>
  </xsl:accumulator>

  <!-- The id of a division: its own, else one by its place among the divisions (a text has
       either div or div1…div7, so the numbers do not meet those of xslt/html/text.xsl). -->
  <xsl:function name="t:division-id" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="string(($div/@xml:id,
      'div-' || $div ! accumulator-before('t:division'))[1])"/>
  </xsl:function>

  <!-- The divisions (div, div1 to div7) met so far in the document, the one at hand with
       them: a division's place, counted once through the document, not by walking back from
       each division. -->
  <xsl:accumulator name="t:division" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="div | div1 | div2 | div3 | div4 | div5 | div6 | div7"
      select="$value + 1"/>
  </xsl:accumulator>

  <xsl:function name="t:is-division" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::div or self::div1 or self::div2 or self::div3
      or self::div4 or self::div5 or self::div6 or self::div7])"/>
  </xsl:function>

  <!-- Nodes made for an element, without the white space at their end (inside elements too):
       "xxx ." in a reference's encoding reads "xxx." -->
  <xsl:function name="t:trim-end" as="node()*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="last" select="$nodes[last()]"/>
    <xsl:choose>
      <xsl:when test="empty($last)"/>
      <xsl:when test="$last instance of text() and not(normalize-space($last))">
        <xsl:sequence select="t:trim-end($nodes[position() lt last()])"/>
      </xsl:when>
      <xsl:when test="$last instance of text()">
        <xsl:sequence select="$nodes[position() lt last()]"/>
        <xsl:value-of select="replace($last, '\s+$', '')"/>
      </xsl:when>
      <xsl:when test="$last instance of element() and $last/node()">
        <xsl:sequence select="$nodes[position() lt last()]"/>
        <xsl:element name="{name($last)}" namespace="{namespace-uri($last)}">
          <xsl:sequence select="$last/@*, t:trim-end($last/node())"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="$nodes"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Verse lines are counted through the text (of each TEI of a teiCorpus); a numeric @n
       resets the count, a part of a line shared between speakers (@part M or F) without @n
       does not count again. -->
  <xsl:accumulator name="t:line" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="TEI" select="0"/>
    <xsl:accumulator-rule match="text//l"
      select="if (normalize-space(@n) castable as xs:integer) then xs:integer(normalize-space(@n))
        else if (@part = ('M', 'F', 'm', 'f')) then $value else $value + 1"/>
  </xsl:accumulator>

  <!-- The number of a verse line, and whether it is printed (every fifth). -->
  <xsl:function name="t:line-number" as="xs:integer">
    <xsl:param name="l" as="element(l)"/>
    <xsl:sequence select="$l ! accumulator-before('t:line')"/>
  </xsl:function>

  <xsl:function name="t:line-shown" as="xs:boolean">
    <xsl:param name="l" as="element(l)"/>
    <xsl:variable name="n" select="t:line-number($l)"/>
    <xsl:sequence select="$n mod 5 = 0 and $n gt 0
      and not($l/@part = ('M', 'F', 'm', 'f')) and exists($l/ancestor::text)"/>
  </xsl:function>


  <!-- The same at their start: "( Lombardus" reads "(Lombardus". -->
  <xsl:function name="t:trim-start" as="node()*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="first" select="$nodes[1]"/>
    <xsl:choose>
      <xsl:when test="empty($first)"/>
      <xsl:when test="$first instance of text() and not(normalize-space($first))">
        <xsl:sequence select="t:trim-start($nodes[position() gt 1])"/>
      </xsl:when>
      <xsl:when test="$first instance of text()">
        <xsl:value-of select="replace($first, '^\s+', '')"/>
        <xsl:sequence select="$nodes[position() gt 1]"/>
      </xsl:when>
      <xsl:when test="$first instance of element() and $first/node()">
        <xsl:element name="{name($first)}" namespace="{namespace-uri($first)}">
          <xsl:sequence select="$first/@*, t:trim-start($first/node())"/>
        </xsl:element>
        <xsl:sequence select="$nodes[position() gt 1]"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="$nodes"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>
</xsl:stylesheet>
