<?xml version="1.0" encoding="UTF-8"?>
<!-- The editor's and the scribe's interventions: alternatives (the corrected, expanded,
     regularized form shown, the other in its title), omissions, insertions, deletions,
     additions, unclear and damaged words. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- A choice: the edited form (corr, reg, expan), the other one in its title. -->
  <xsl:template match="choice" mode="t:html">
    <xsl:variable name="shown" select="(corr | reg | expan, *)[1]"/>
    <xsl:variable name="other" select="(* except $shown)[1]"/>
    <span class="choice">
      <xsl:if test="exists($other)">
        <xsl:attribute name="title" select="
          if ($other/self::sic) then t:label('sic', normalize-space($other))
          else normalize-space($other)"/>
      </xsl:if>
      <xsl:apply-templates select="$shown/node()" mode="t:html"/>
    </span>
  </xsl:template>

  <xsl:template match="sic | corr | orig | reg | abbr | expan | am | ex | damage | restore
      | secl | handShift" mode="t:html">
    <xsl:call-template name="t:span"/>
  </xsl:template>

  <!-- The editor's insertions and deletions, in the brackets of the print: [supplied],
       {surplus}. -->
  <xsl:template match="supplied" mode="t:html">
    <xsl:variable name="by" select="t:pointed(@resp, .)"/>
    <span class="supplied"
      title="{if (exists($by)) then t:label('supplied', $by[1]) else t:label('supplied.anon')}">
      <xsl:text>[</xsl:text>
      <xsl:apply-templates mode="t:html"/>
      <xsl:text>]</xsl:text>
    </span>
  </xsl:template>

  <xsl:template match="surplus" mode="t:html">
    <span class="{t:classes(., 'surplus')}">
      <xsl:text>{{</xsl:text>
      <xsl:apply-templates mode="t:html"/>
      <xsl:text>}}</xsl:text>
    </span>
  </xsl:template>

  <!-- Where a witness's text breaks off or resumes: a mark on its page and in the entries. -->
  <xsl:template match="lacunaStart | lacunaEnd | witStart | witEnd" mode="t:html">
    <xsl:param name="t:witness" as="xs:string" tunnel="yes" select="$witness"/>
    <!-- in a reading of the apparatus list the mark follows its sigla (readings.xsl) -->
    <xsl:param name="t:in-reading" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="who" select="tokenize(@t:begins | @t:ends)[not($t:in-reading)]"/>
    <xsl:variable name="shown" select="if ($t:witness = $who) then $t:witness else $who"/>
    <xsl:if test="exists($shown)">
      <xsl:text> </xsl:text>
      <span class="witness-mark {local-name()}"
        >[{t:label('witness.' || local-name(), string-join($shown, ' '))}]</span>
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- What the source does not give: an ellipsis, its reason and extent in the title. -->
  <xsl:template match="gap" mode="t:html">
    <span class="{t:classes(., 'gap')}" title="{(desc, string-join((@reason, @quantity,
      @unit, @extent) ! string(), ' ')[.], t:label('gap'))[1] ! normalize-space()}">[…]</span>
  </xsl:template>

  <xsl:template match="unclear" mode="t:html">
    <span class="{t:classes(., 'unclear')}" title="{@reason}">
      <xsl:apply-templates mode="t:html"/>
    </span>
  </xsl:template>

  <xsl:template match="space" mode="t:html">
    <span class="space"> </span>
  </xsl:template>

  <!-- The scribe's deletions and additions, as struck-through and inserted text. -->
  <xsl:template match="del" mode="t:html">
    <del>
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates mode="t:html"/>
    </del>
  </xsl:template>

  <xsl:template match="add" mode="t:html">
    <ins>
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="'add', @place ! tokenize(.) ! ('place-' || t:class-word(.))"/>
      </xsl:call-template>
      <xsl:apply-templates mode="t:html"/>
    </ins>
  </xsl:template>

  <xsl:template match="subst | mod | redo | undo" mode="t:html">
    <xsl:call-template name="t:span"/>
  </xsl:template>
</xsl:stylesheet>
