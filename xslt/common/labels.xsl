<?xml version="1.0" encoding="UTF-8"?>
<!-- The labels table (labels.xml) and the one function that reads it. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:teitools"
  xmlns:l="urn:teitools:labels"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- A project's labels file (its `labels` setting, as a file: URI), read before the shipped
       table: a label it gives is the one used (an apparatus's "om." as "omisit"...). -->
  <xsl:param name="labels-file" as="xs:string" select="''"/>
  <xsl:variable name="t:labels" as="document-node()">
    <xsl:document>
      <l:labels>
        <xsl:sequence select="(if ($labels-file) then doc($labels-file) else ())//l:label,
          doc('labels.xml')//l:label"/>
      </l:labels>
    </xsl:document>
  </xsl:variable>
  <xsl:key name="t:label" match="l:label" use="@key"/>

  <!-- The text of each key the table has in $lang (else in English), looked up once. -->
  <xsl:variable name="t:label-texts" as="map(xs:string, xs:string)" select="map:merge(
      distinct-values($t:labels//l:label/@key ! string()) ! (
        let $key := ., $all := key('t:label', $key, $t:labels),
            $one := ($all[lang($lang)], $all[lang('en')])[1]
        return $one ! map { $key: string(.) }))"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>

  <!-- The label for $key in $lang (else English), its {1}, {2}… replaced by $args. A value the
       table does not know (an edition's own @type or @cert vocabulary) is shown as itself:
       "cert.weird" reads "weird"; never a failure. -->
  <xsl:function name="t:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="args" as="xs:anyAtomicType*"/>
    <xsl:variable name="text" as="xs:string" select="($t:label-texts($key),
      if (contains($key, '.')) then substring-after($key, '.') else $key)[1]"/>
    <xsl:sequence select="if (empty($args)) then $text
      else if (count($args) eq 1) then replace($text, '{1}', string($args), 'q')
      else fold-left(1 to count($args), $text, function ($text, $i) {
        replace($text, '{' || $i || '}', string($args[$i]), 'q')
      })"/>
  </xsl:function>

  <xsl:function name="t:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="t:label($key, ())"/>
  </xsl:function>

  <!-- Every label in $lang, for scripts that need them: a map from key to text. -->
  <xsl:function name="t:labels" as="map(xs:string, xs:string)">
    <xsl:sequence select="map:merge(distinct-values($t:labels//l:label/@key ! string()) ! map{ .: t:label(.) })"
      xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
  </xsl:function>
</xsl:stylesheet>
