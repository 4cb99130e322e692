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
       the anchors citations use, and the same as teitools.witnesses.entries counts. -->
  <xsl:accumulator name="t:paragraph" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//p[not(ancestor::note)]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The printed page a node stands on: the @n of the last page break before it. -->
  <xsl:accumulator name="t:page" as="xs:string?" initial-value="()">
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

  <!-- The main title of a document (its first title, else its first heading). -->
  <xsl:function name="t:title" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="ts" select="root($doc)/TEI/teiHeader/fileDesc/titleStmt"/>
    <xsl:sequence select="normalize-space(($ts/title[@type = 'main'], $ts/title,
      root($doc)//text//head)[1])"/>
  </xsl:function>

  <!-- A document's subtitle, if it has one. -->
  <xsl:function name="t:subtitle" as="xs:string?">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="(root($doc)/TEI/teiHeader/fileDesc/titleStmt/title[@type = 'sub'])[1]
      ! normalize-space()"/>
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
    <xsl:sequence select="normalize-space(replace(string-join($parts), '&#x2060;\s*', ''))"/>
  </xsl:function>

  <xsl:template match="note | witDetail | del | teiHeader" mode="t:plain"/>

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
