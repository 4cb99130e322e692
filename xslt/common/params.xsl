<?xml version="1.0" encoding="UTF-8"?>
<!-- The parameters every rendering takes. A rendering adds its own (page size, output paths)
     in its own folder; these mean the same everywhere. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!-- The language of the labels (the words the rendering adds), a key of labels.xml. -->
  <xsl:param name="lang" as="xs:string" select="'en'"/>

  <!-- The witness whose text is shown, by siglum; '' shows the lemma (the edited text). -->
  <xsl:param name="witness" as="xs:string" select="''"/>

  <!-- The witness the text is compared with (a compare view); '' for none. -->
  <xsl:param name="compare" as="xs:string" select="''"/>

  <!-- The file name of the source document, as other documents point to it
       (e.g. secret-report.xml in corresp="secret-report.xml#p88"). -->
  <xsl:param name="source-name" as="xs:string" select="''"/>

  <!-- Every document of the collection, so that pointers between them (corresp="other.xml#p88")
       can be followed; each parsed with its file's URI as base URI. -->
  <xsl:param name="documents" as="document-node()*" select="()"/>

  <!-- Documents that face this one page by page: their pb/@corresp point into this one; none
       unless the document's project turns facing-pages on. -->
  <xsl:param name="facing" as="document-node()*"
    select="$documents[$facing-pages][TEI/text//pb[starts-with(@corresp, $source-name || '#')]]"/>

  <!-- The address the output is published at, for citations; '' where unknown. -->
  <xsl:param name="base-url" as="xs:string" select="''"/>

  <!-- The edition whose page breaks are the pages shown (pb/@ed or @edRef, with or without
       "#"); '' for the page breaks without either, or, where every one has an edition, the
       edition of the first. -->
  <xsl:param name="pb-edition" as="xs:string" select="''"/>

  <!-- The optional features the document's project turns on (teitools.toml [features]; see
       teitools.project.FEATURES); a foreign document, or a rendering not told, has each off. -->
  <!-- The HTML spread and the print's facing-page references. -->
  <xsl:param name="facing-pages" as="xs:boolean" select="false()"/>
  <!-- Notes that quote another document linked to the paragraph they quote (found in Python:
       the stylesheets only show the links the site lists). -->
  <xsl:param name="quotation-detection" as="xs:boolean" select="false()"/>
  <!-- The front matter's prose as the Wolfe editions write it, and the print appendix of the
       additions of a fragmentary witness. -->
  <xsl:param name="wolfe-header-prose" as="xs:boolean" select="false()"/>
</xsl:stylesheet>
