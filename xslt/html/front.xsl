<?xml version="1.0" encoding="UTF-8"?>
<!-- Around the text: the title block with the reading options (witness, compare, commentary,
     downloads), the contents, the witnesses, and what the header says about the edition. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:s="urn:teitools:site"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:mode name="t:front" on-no-match="fail" use-accumulators="#all"/>
  <xsl:mode name="t:source" on-no-match="fail" use-accumulators="#all"/>
  <xsl:mode name="t:toc" on-no-match="fail" use-accumulators="#all"/>
  <xsl:mode name="t:about" on-no-match="fail" use-accumulators="#all"/>

  <xsl:template match="teiHeader" mode="t:front">
    <header class="edition-head">
      <h1>{t:title(.)}</h1>
      <xsl:for-each select="t:subtitle(.)">
        <p class="subtitle">{.}</p>
      </xsl:for-each>
      <xsl:apply-templates select="fileDesc/sourceDesc/bibl[1]" mode="t:source"/>
      <xsl:call-template name="t:tools"/>
    </header>
  </xsl:template>

  <!-- The source in one line: author, title, imprint, pages; parts the bibl leaves empty (a
       date given only as @when, a website with no imprint) are left out, and so is the line. -->
  <xsl:template match="bibl" mode="t:source">
    <xsl:variable name="imprint" as="xs:string"
      select="string-join((pubPlace, publisher, date) ! normalize-space()[. != ''], ', ')"/>
    <xsl:variable name="parts" as="xs:string*"
      select="((author, title) ! normalize-space(), $imprint, biblScope ! normalize-space())[. != '']"/>
    <xsl:if test="exists($parts)">
      <p class="source">
        <span class="k">{t:label('edition.source')}:</span>
        <xsl:text> </xsl:text>
        <xsl:value-of select="string-join($parts, '. ')"/>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="t:tools">
    <div class="tools" role="group" aria-label="{t:label('edition.tools')}">
      <xsl:call-template name="t:witness-switch"/>
      <xsl:call-template name="t:compare-links"/>
      <xsl:if test="$compare = '' and t:has-spreads(/)">
        <p class="facing-toggle">
          <input type="checkbox" id="show-facing" checked="checked"/>
          <label for="show-facing">{t:label('commentary.show')}</label>
        </p>
      </xsl:if>
      <xsl:call-template name="t:downloads"/>
    </div>
    <xsl:if test="$compare = '' and $witness != '' and t:fragmentary($witness, /)">
      <p class="view-note">{t:label('witness.fragmentary', $witness)}</p>
    </xsl:if>
  </xsl:template>

  <!-- The witness switcher: a link to the page of each witness; the one shown is current. -->
  <xsl:template name="t:witness-switch">
    <xsl:variable name="pages" select="$t:edition/s:page"/>
    <xsl:if test="count($pages) > 1">
      <nav class="witness-switch" aria-label="{t:label('witness.read-as')}">
        <span class="k">{t:label('witness.read-as')}</span>
        <ul>
          <xsl:for-each select="$pages">
            <li>
              <!-- (a page of no witness is the edited text: the lemmas of a negative
                   apparatus) -->
              <a href="{@href}" title="{t:witness-label(@witness, $t:doc)[. != '']}">
                <xsl:if test="$compare = '' and @witness = $witness">
                  <xsl:attribute name="aria-current" select="'page'"/>
                </xsl:if>
                <span class="siglum">
                  <!-- as the edition prints it: M<sup>ac</sup> -->
                  <xsl:sequence select="if (@witness != '') then t:siglum(@witness, $t:doc)/node()
                    else t:label('witness.lemma')"/>
                </span>
                <xsl:if test="@base = 'true' and @witness != ''">
                  <span class="base"> ({t:label('witness.base')})</span>
                </xsl:if>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template name="t:compare-links">
    <xsl:variable name="pairs" select="$t:edition/s:compare"/>
    <xsl:if test="exists($pairs)">
      <nav class="compare-links" aria-label="{t:label('compare')}">
        <span class="k">{t:label('compare')}</span>
        <ul>
          <xsl:for-each select="$pairs">
            <li>
              <a href="{@href}">
                <xsl:if test="$compare != ''">
                  <xsl:attribute name="aria-current" select="'page'"/>
                </xsl:if>
                <xsl:text>{t:label('compare.any')}</xsl:text>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template name="t:downloads">
    <xsl:param name="edition" as="element(s:edition)?" select="$t:edition"/>
    <xsl:variable name="files" select="$edition/s:download"/>
    <xsl:if test="exists($files)">
      <details class="downloads">
        <summary>{t:label('downloads')}</summary>
        <ul>
          <xsl:for-each select="$files">
            <li>
              <a href="{@href}" download="">{t:label('download.' || @kind, string(@witness))}</a>
              <span class="format"> ({t:label('download.format.' || replace(@href, '^.*\.', ''))})</span>
            </li>
          </xsl:for-each>
        </ul>
      </details>
    </xsl:if>
  </xsl:template>

  <!-- ==== contents ==== -->

  <xsl:template name="t:toc">
    <nav class="toc" aria-labelledby="toc-h">
      <details>
        <summary><h2 id="toc-h">{t:label('nav.contents')}</h2></summary>
        <ol>
          <xsl:apply-templates select="/TEI/text/*/*[t:is-division(.)]" mode="t:toc"/>
          <xsl:for-each select="$facing">
            <li>
              <a href="{t:site-edition(.)/@href}">{t:title(.)}</a>
              <ol>
                <xsl:apply-templates select="TEI/text/*/*[t:is-division(.)]" mode="t:toc">
                  <xsl:with-param name="prefix" select="t:facing-prefix(.)" tunnel="yes"/>
                </xsl:apply-templates>
              </ol>
            </li>
          </xsl:for-each>
          <xsl:if test="/TEI/text//app">
            <li><a href="#apparatus">{t:label('apparatus')}</a></li>
          </xsl:if>
          <xsl:if test="exists(t:witnesses(/))">
            <li><a href="#witnesses">{t:label('witnesses')}</a></li>
          </xsl:if>
          <li><a href="#about">{t:label('edition.about')}</a></li>
        </ol>
        <xsl:call-template name="t:page-index"/>
      </details>
    </nav>
  </xsl:template>

  <!-- A division (div, or numbered div1…div7) with a heading: an entry, its divisions with
       headings below it; one without: its divisions in its place. -->
  <xsl:template match="div" mode="t:toc">
    <xsl:call-template name="t:toc-entry">
      <xsl:with-param name="id" select="t:div-id(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="div1 | div2 | div3 | div4 | div5 | div6 | div7" mode="t:toc">
    <xsl:call-template name="t:toc-entry">
      <xsl:with-param name="id" select="t:division-id(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="t:toc-entry">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="prefix" as="xs:string" tunnel="yes" select="''"/>
    <xsl:variable name="divs" select="*[t:is-division(.)]"/>
    <xsl:choose>
      <xsl:when test="head">
        <li>
          <a href="#{$prefix}{$id}">{t:text(head[1], '')}</a>
          <xsl:if test="$divs[head]">
            <ol>
              <xsl:apply-templates select="$divs" mode="t:toc"/>
            </ol>
          </xsl:if>
        </li>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$divs" mode="t:toc"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="t:page-index">
    <xsl:variable name="pages" select="/TEI/text//pb[@n]"/>
    <xsl:if test="exists($pages)">
      <nav class="page-index" aria-label="{t:label('nav.pages')}">
        <p class="k">{t:label('nav.pages')}</p>
        <ul>
          <xsl:for-each select="$pages">
            <li><a href="#{t:page-id(.)}">{@n}</a></li>
          </xsl:for-each>
        </ul>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- ==== the witnesses, and about the edition ==== -->

  <xsl:template name="t:witness-list">
    <xsl:variable name="sigla" select="t:witnesses(/)"/>
    <!-- (one witness too: an edited text beside its one manuscript says what it is) -->
    <xsl:if test="exists($sigla)">
      <section class="witnesses" id="witnesses" aria-labelledby="witnesses-h">
        <h2 id="witnesses-h">{t:label('witnesses')}</h2>
        <dl>
          <xsl:for-each select="$sigla">
            <dt><a href="{t:page-href(., '')}">
              <xsl:sequence select="t:siglum(., $t:doc)/node()"/>
            </a></dt>
            <dd>
              <xsl:apply-templates mode="t:html" select="t:witness(., $t:doc)/node()
                [not(self::listWit or self::abbr[@type = 'siglum'])]"/>
            </dd>
          </xsl:for-each>
        </dl>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="teiHeader" mode="t:about">
    <section class="about" id="about" aria-labelledby="about-h">
      <h2 id="about-h">{t:label('edition.about')}</h2>
      <xsl:apply-templates select="fileDesc/titleStmt/respStmt" mode="t:about"/>
      <!-- the source's notes: prose of the Wolfe editions' headers -->
      <xsl:apply-templates
        select="fileDesc/sourceDesc/(bibl/note[$wolfe-header-prose] | listBibl)" mode="t:html">
        <xsl:with-param name="t:level" select="2" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:for-each select="encodingDesc/editorialDecl">
        <details class="principles">
          <summary>{t:label('edition.principles')}</summary>
          <xsl:apply-templates select=".//p" mode="t:html"/>
        </details>
      </xsl:for-each>
      <xsl:for-each select="fileDesc/publicationStmt/availability/licence">
        <p class="licence"><span class="k">{t:label('edition.licence')}:</span>
          <xsl:text> </xsl:text>
          <xsl:choose>
            <xsl:when test="exists(t:safe-url(@target))">
              <a href="{t:safe-url(@target)}" rel="license">{normalize-space()}</a>
            </xsl:when>
            <xsl:otherwise>{normalize-space()}</xsl:otherwise>
          </xsl:choose></p>
      </xsl:for-each>
    </section>
  </xsl:template>

  <xsl:template match="respStmt" mode="t:about">
    <p class="resp">{string-join(resp ! normalize-space(), ', ')} {string-join((name | persName | orgName) ! normalize-space(), ', ')}</p>
  </xsl:template>

  <xsl:template match="teiHeader//note" mode="t:html">
    <p class="header-note">
      <xsl:apply-templates mode="t:html"/>
    </p>
  </xsl:template>
</xsl:stylesheet>
