<?xml version="1.0" encoding="UTF-8"?>
<!-- Notes outside the apparatus: a call in the text, the note in a list at the end of its
     division (or under its page, where the text is shown page by page). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:mode name="t:footnote" on-no-match="fail" use-accumulators="#all"/>

  <!-- A note of the text (a footnote, an endnote), not one of the apparatus. -->
  <xsl:function name="t:footnote" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="$note/self::note and empty($note/ancestor::app)
      and exists($note/ancestor::text) and t:set-apart($note)"/>
  </xsl:function>

  <!-- Where notes are listed: at the end of each division of the first level below the
       outermost, or of an outermost division that has none. -->
  <xsl:function name="t:holds-notes" as="xs:boolean">
    <xsl:param name="div" as="element(div)"/>
    <xsl:variable name="depth" select="count($div/ancestor::div)"/>
    <xsl:sequence select="$depth = 1 or $depth = 0 and empty($div/div)"/>
  </xsl:function>

  <xsl:function name="t:note-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="string(($note/@xml:id, 'note-' || $note ! accumulator-before('t:footnote-number'))[1])"/>
  </xsl:function>

  <xsl:function name="t:note-mark" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="string(($note/@n, $note ! accumulator-before('t:footnote-number'))[1])"/>
  </xsl:function>

  <xsl:template match="note[t:footnote(.)]" mode="t:html">
    <xsl:param name="t:ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="t:prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:variable name="id" select="$t:prefix || t:note-id(.)"/>
    <a class="note-ref" href="#{$id}" aria-label="{t:label('note', t:note-mark(.))}">
      <xsl:if test="$t:ids">
        <xsl:attribute name="id" select="$id || '-ref'"/>
      </xsl:if>
      <sup>{t:note-mark(.)}</sup>
    </a>
  </xsl:template>

  <!-- A note of the apparatus is shown in its entry; one in the flow of the text, in place
       (../tei/phrase.xsl). -->
  <xsl:template match="app//note" mode="t:html"/>

  <xsl:template name="t:footnotes">
    <xsl:param name="notes" as="element()*"/>
    <xsl:if test="exists($notes)">
      <div class="footnotes">
        <p class="visually-hidden">{t:label('notes')}</p>
        <ol class="notes">
          <xsl:apply-templates select="$notes" mode="t:footnote"/>
        </ol>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template match="note" mode="t:footnote">
    <xsl:param name="t:ids" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="t:prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:variable name="id" select="$t:prefix || t:note-id(.)"/>
    <li class="note">
      <xsl:if test="$t:ids">
        <xsl:attribute name="id" select="$id"/>
      </xsl:if>
      <a class="note-mark" href="#{$id}-ref" title="{t:label('note.back')}">{t:note-mark(.)}</a>
      <div class="note-body">
        <xsl:call-template name="t:note-content"/>
      </div>
    </li>
  </xsl:template>

  <!-- A note's words: its paragraphs and other blocks (a list), or its words as one
       paragraph. -->
  <xsl:template name="t:note-content">
    <xsl:choose>
      <xsl:when test="*[t:is-block(.)]">
        <xsl:apply-templates select="node() except label" mode="t:html"/>
      </xsl:when>
      <xsl:otherwise>
        <p>
          <xsl:apply-templates select="node() except label" mode="t:html"/>
        </p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
