<?xml version="1.0" encoding="UTF-8"?>
<!-- Two witnesses side by side ($witness beside $compare), block by block, their differences
     marked (see the app template in apparatus.xsl). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:mode name="t:compare" on-no-match="fail" use-accumulators="#all"/>

  <xsl:template name="t:compare-view">
    <p class="intro">{t:label('compare.intro')}</p>
    <p class="only-diff">
      <input type="checkbox" id="only-diff"/>
      <label for="only-diff">{t:label('compare.only')}</label>
    </p>
    <!-- Any two witnesses: the page opens with $witness beside $compare; the reader's script
         lets the reader pick the two (every reading is on the page, each witness's reading of
         each entry said by data-w in the order of data-witnesses). -->
    <xsl:variable name="all" select="t:witnesses(/)"/>
    <div class="compare" data-witnesses="{$all}">
      <div class="compare-row compare-head">
        <xsl:for-each select="$witness, $compare">
          <xsl:variable name="current" select="."/>
          <div class="col">
            <span class="siglum">
              <xsl:sequence select="t:siglum(., $t:doc)/node()"/>
            </span>
            <xsl:text> </xsl:text>
            <span class="witness-name">{t:witness-label(., $t:doc)}</span>
            <select class="compare-pick" hidden="hidden"
              aria-label="{t:label('compare.pick', position())}">
              <xsl:for-each select="$all">
                <option value="{.}">
                  <xsl:if test=". = $current">
                    <xsl:attribute name="selected" select="'selected'"/>
                  </xsl:if>
                  <xsl:text>{.}: {t:witness-label(., $t:doc)}</xsl:text>
                </option>
              </xsl:for-each>
            </select>
          </div>
        </xsl:for-each>
      </div>
      <xsl:apply-templates select="/TEI/text//*[t:is-block(.)]" mode="t:compare"/>
    </div>
  </xsl:template>

  <!-- The blocks compared: the children of the innermost divisions (or of the body). -->
  <xsl:function name="t:is-block" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/parent::div[not(div)] | $el/parent::body[not(div)])"/>
  </xsl:function>

  <xsl:template match="pb" mode="t:compare">
    <div class="compare-row page-row">
      <xsl:apply-templates select="." mode="t:html"/>
    </div>
  </xsl:template>

  <xsl:template match="*" mode="t:compare">
    <xsl:variable name="differs" select="some $app in .//app satisfies
      t:differ($app, $witness, $compare)"/>
    <div class="compare-row{' differs'[$differs]}">
      <div class="col" data-witness="{$witness}">
        <xsl:apply-templates select="." mode="t:html">
          <xsl:with-param name="t:witness" select="$witness" tunnel="yes"/>
          <xsl:with-param name="t:other" select="$compare" tunnel="yes"/>
          <xsl:with-param name="t:all-readings" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
      </div>
      <div class="col" data-witness="{$compare}">
        <xsl:apply-templates select="." mode="t:html">
          <xsl:with-param name="t:witness" select="$compare" tunnel="yes"/>
          <xsl:with-param name="t:other" select="$witness" tunnel="yes"/>
          <xsl:with-param name="t:ids" select="false()" tunnel="yes"/>
          <xsl:with-param name="t:all-readings" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
      </div>
    </div>
  </xsl:template>
</xsl:stylesheet>
