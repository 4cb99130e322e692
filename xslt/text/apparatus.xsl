<?xml version="1.0" encoding="UTF-8"?>
<!-- The apparatus as lines of text, for the `teitools apparatus` command: each entry (one
     attached to its text) on a line, printed exactly as the print edition prints it
     (t:entry-summary, ../common/readings.xsl), with the same labels, a project's over the
     shipped ones. One implementation of how an entry is printed, for every output. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="../tei/tei.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:mode use-accumulators="#all"/>

  <xsl:template match="/">
    <xsl:value-of separator="&#10;" select="(//text)[1]//app[not(@from or @to or @loc)]
      ! normalize-space(t:entry-summary(.))"/>
  </xsl:template>
</xsl:stylesheet>
