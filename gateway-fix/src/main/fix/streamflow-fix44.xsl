<?xml version="1.0" encoding="UTF-8"?>
<!--
    StreamFlow's FIX 4.4 dictionary: FIX 4.4 as QuickFIX/J ships it, less what the gateway does not take, so that
    Artio's codecs are generated for what the venue speaks (as Artio's authors advise: codecs from the venue's own
    dictionary). Removed:
    - UnderlyingInstrument from OrderMassCancelRequest and OrderMassCancelReport: StreamFlow has no underlyings, and
      Artio's encoder of an optional component with a required field demands the field (UnderlyingSymbol).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
    <xsl:output method="xml" indent="yes"/>

    <xsl:template match="@*|node()">
        <xsl:copy>
            <xsl:apply-templates select="@*|node()"/>
        </xsl:copy>
    </xsl:template>

    <xsl:template match="messages/message[@name='OrderMassCancelRequest' or @name='OrderMassCancelReport']
        /component[@name='UnderlyingInstrument']"/>
</xsl:stylesheet>
