<?xml version="1.0" encoding="UTF-8"?>
<!-- Lists of every type (a list with labels is a list of terms and descriptions) and tables
     with their spans and header cells. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- A list: numbered (ol), of terms (dl, where its items have labels), or plain (ul); its
       heading before it; an unknown @type is a class. -->
  <xsl:template match="list | listPerson | listPlace | listOrg | listEvent" mode="t:html">
    <xsl:variable name="name" select="if (label or @type = ('gloss', 'glossary')) then 'dl'
      else if (@type = ('ordered', 'numbered', 'decimal') or @rend = ('numbered', 'ordered'))
      then 'ol' else 'ul'"/>
    <xsl:apply-templates select="head" mode="t:html"/>
    <xsl:element name="{$name}">
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="'list'"/>
      </xsl:call-template>
      <xsl:apply-templates select="node() except head" mode="t:html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="item | person | place | org | event" mode="t:html">
    <xsl:element name="{if (../label) then 'dd' else 'li'}">
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="'item'"/>
      </xsl:call-template>
      <xsl:if test="@n and not(../label)">
        <span class="item-n">{@n} </span>
      </xsl:if>
      <xsl:apply-templates mode="t:html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="list/label" mode="t:html">
    <dt>
      <xsl:call-template name="t:attributes"/>
      <xsl:apply-templates mode="t:html"/>
    </dt>
  </xsl:template>

  <xsl:template match="label" mode="t:html">
    <xsl:call-template name="t:span"/>
  </xsl:template>

  <!-- A table: its heading as caption, its rows; a row or cell of @role="label" is a header. -->
  <xsl:template match="table" mode="t:html">
    <table>
      <xsl:call-template name="t:attributes"/>
      <xsl:if test="head">
        <caption>
          <xsl:apply-templates select="head/node()" mode="t:html"/>
        </caption>
      </xsl:if>
      <tbody>
        <xsl:apply-templates select="node() except head" mode="t:html"/>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="row" mode="t:html">
    <tr>
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="'row', @role ! ('role-' || t:class-word(.))"/>
      </xsl:call-template>
      <xsl:apply-templates mode="t:html"/>
    </tr>
  </xsl:template>

  <xsl:template match="cell" mode="t:html">
    <xsl:element name="{if ((@role, ../@role)[1] = 'label') then 'th' else 'td'}">
      <xsl:call-template name="t:attributes">
        <xsl:with-param name="class" select="'cell', @role ! ('role-' || t:class-word(.))"/>
      </xsl:call-template>
      <xsl:for-each select="@rows[. castable as xs:integer][xs:integer(.) gt 1]">
        <xsl:attribute name="rowspan" select="xs:integer(.)"/>
      </xsl:for-each>
      <xsl:for-each select="@cols[. castable as xs:integer][xs:integer(.) gt 1]">
        <xsl:attribute name="colspan" select="xs:integer(.)"/>
      </xsl:for-each>
      <xsl:apply-templates mode="t:html"/>
    </xsl:element>
  </xsl:template>

</xsl:stylesheet>
