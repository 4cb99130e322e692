<?xml version="1.0" encoding="UTF-8"?>
<!-- The site: what pages and files it has, as the builder (teitools.render.html) lays them
     out and tells in $site, and the links between them. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:s="urn:teitools:site"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- The site's layout:
       <site index= search= assets=>
         <edition id= source= href=>          one a document; href: its page (the base text)
           <page witness= href= base=/>        the text as each witness reads it
           <compare a= b= href=/>              two witnesses side by side
           <download kind= witness= href=/>   tei | text | witness-tei
           <quotation note= source= paragraph= page= match=/>  a note citing a passage of
                                               another edition, and where it is found
           <metadata source=>…</metadata>      the header said once (teitools.metadata):
                                               titles, authors, dates, language, rights
         </edition>
       </site> -->
  <xsl:param name="site" as="document-node(element(s:site))">
    <xsl:document>
      <s:site index="index.html" search="search.html" assets="assets/"/>
    </xsl:document>
  </xsl:param>

  <xsl:variable name="t:assets" as="xs:string" select="string($site/s:site/@assets)"/>

  <!-- The edition a document is, by its file name. -->
  <xsl:function name="t:site-edition" as="element(s:edition)?">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="$site//s:edition[@source = t:file-name($doc)]"/>
  </xsl:function>

  <!-- This document's edition. -->
  <xsl:variable name="t:edition" as="element(s:edition)?"
    select="$site//s:edition[@source = $source-name]"/>

  <!-- Where a pointer leads on this site: an anchor of this page, the page (and anchor) of
       another edition, or the web; nothing for what the site does not show. -->
  <xsl:function name="t:href" as="xs:string?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:variable name="file" select="replace($pointer, '#.*$', '')"/>
    <xsl:variable name="id" select="substring-after($pointer, '#')"/>
    <xsl:variable name="edition" select="$site//s:edition[@source = $file]"/>
    <xsl:sequence select="
      if (matches($pointer, '^(https?|mailto):')) then $pointer
      else if ($file = '' and $id != '') then '#' || $id
      else if (exists($edition)) then $edition/@href || ('#' || $id)[$id != '']
      else ()"/>
  </xsl:function>

  <!-- The page of this edition for a witness (and a second one, to compare with). -->
  <xsl:function name="t:page-href" as="xs:string?">
    <xsl:param name="witness" as="xs:string"/>
    <xsl:param name="compare" as="xs:string"/>
    <xsl:sequence select="if ($compare = '')
      then ($t:edition/s:page[@witness = $witness]/@href, $t:edition/@href)[1]
      else $t:edition/s:compare[@a = $witness][@b = $compare]/@href"/>
  </xsl:function>

  <!-- After a citation of another edition (a note's bibl), a link to the passage cited,
       where the builder found the words quoted there. -->
  <xsl:template name="t:quotation-link">
    <xsl:variable name="note" select="ancestor::note[1]/@xml:id"/>
    <xsl:variable name="q" select="$t:edition/s:quotation[@note = $note]"/>
    <xsl:variable name="target" select="$site//s:edition[@source = $q/@source]"/>
    <xsl:if test="exists($q) and exists($target)">
      <xsl:variable name="place" select="t:label('page', string($q/@page)) || ', '
        || t:label('paragraph', string($q/@paragraph))"/>
      <xsl:text> </xsl:text>
      <a class="quotation-link" href="{$target/@href}#{t:paragraph-anchor(xs:integer($q/@paragraph))}">{
        t:label(if ($q/@match = 'exact') then 'report.link' else 'report.link.close',
          (t:short-title($target/@source), $place))}</a>
    </xsl:if>
  </xsl:template>

  <!-- A short name for an edition: its short title; else the heading of a text that is one
       division; else its title up to the first comma or colon. -->
  <xsl:function name="t:short-title" as="xs:string">
    <xsl:param name="source" as="xs:string"/>
    <xsl:variable name="doc" select="$documents[t:file-name(.) = $source][1]"/>
    <xsl:variable name="one" select="$doc/TEI/text/body[count(*) = 1]/div/head[1]"/>
    <xsl:variable name="short"
      select="($doc/TEI/teiHeader/fileDesc/titleStmt/title[@type = 'short'], $one)[1]"/>
    <xsl:sequence select="if (empty($doc)) then $source
      else if (exists($short)) then normalize-space($short)
      else replace(t:title($doc), '^([^,:]+)[,:].*$', '$1')"/>
  </xsl:function>
</xsl:stylesheet>
