package io.ferry.compare.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlReportTemplatesTest {

    @ParameterizedTest
    @ValueSource(strings = {"report.html", "datacenter.html", "fidelity.html", "forecast.html"})
    void everyReportPageGetsTheSharedHeadAndScriptsWithNoIncludeLineLeft(String name) {
        String page = HtmlReport.template(name);
        assertThat(page).startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n").doesNotContain("{{>")
                .contains("<title>{{title}}</title>").contains("  dl.parameters dt { font-weight: 600; }\n")
                .contains("<script type=\"application/json\" id=\"ferry-data\">{{data}}</script>\n<script>\n"
                        + "{{chartjs}}\n</script>\n<script>\n(function () {\n  'use strict';\n");
    }

    @Test
    void aMissingTemplateIsRefusedNamingIt() {
        assertThatThrownBy(() -> HtmlReport.template("no-such.html"))
                .isInstanceOf(IllegalStateException.class).hasMessage("no-such.html template is missing from the "
                        + "compare bundle");
    }
}
