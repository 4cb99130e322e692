<?xml version="1.0" encoding="UTF-8"?>
<!-- The call of a note set apart that stands between blocks (xslt/tei/functions.xsl,
     t:hung-on) made at the end of the block before it. Included by each output, not imported
     with the mapping: these templates come before the output's own for notes and for the
     cited units, and hand over to them. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!-- A note set apart standing after a block of a speech, a stanza, a list (t:hung-on): its
       call is made at the end of that block, by the template below, and not in its place. -->
  <xsl:template match="note[t:hanging-note(.)][exists(t:hung-on(.))]" mode="t:html"
    priority="50">
    <xsl:param name="t:hung" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="$t:hung">
      <xsl:next-match>
        <xsl:with-param name="t:hung" tunnel="yes" select="false()"/>
      </xsl:next-match>
    </xsl:if>
  </xsl:template>

  <xsl:template match="(p | ab | l | speaker | stage | head | trailer | byline | dateline
      | signed | salute | item | label)[following-sibling::*[1][self::note]]" mode="t:html"
    priority="50">
    <xsl:variable name="notes" select="t:hung-notes(.)"/>
    <xsl:choose>
      <xsl:when test="empty($notes)">
        <xsl:next-match/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="made" as="node()*">
          <xsl:next-match/>
        </xsl:variable>
        <xsl:variable name="last" select="$made[. instance of element()][last()]"/>
        <xsl:for-each select="$made">
          <xsl:choose>
            <xsl:when test=". is $last">
              <xsl:copy>
                <xsl:copy-of select="@*, node()"/>
                <xsl:apply-templates select="$notes" mode="t:html">
                  <xsl:with-param name="t:hung" tunnel="yes" select="true()"/>
                </xsl:apply-templates>
              </xsl:copy>
            </xsl:when>
            <xsl:otherwise>
              <xsl:sequence select="."/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
        <xsl:if test="empty($last)">
          <xsl:apply-templates select="$notes" mode="t:html">
            <xsl:with-param name="t:hung" tunnel="yes" select="true()"/>
          </xsl:apply-templates>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
