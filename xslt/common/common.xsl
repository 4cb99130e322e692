<?xml version="1.0" encoding="UTF-8"?>
<!-- The shared module of every rendering (xslt/html, xslt/print): import this one file.
     It knows the apparatus, the witnesses, the labels and the parameters; it prints nothing. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  exclude-result-prefixes="#all">
  <xsl:include href="params.xsl"/>
  <xsl:include href="labels.xsl"/>
  <xsl:include href="document.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="readings.xsl"/>
</xsl:stylesheet>
