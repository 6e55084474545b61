package io.lodestone.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompanyNamesTest {

    @Test
    void caseAccentsPunctuationAndLegalFormsDoNotMatter() {
        assertThat(CompanyNames.normalise("Siam Antimony Trading Co., Ltd."))
                .isEqualTo(CompanyNames.normalise("SIAM ANTIMONY TRADING CO LTD"))
                .isEqualTo(CompanyNames.normalise("Siam Antimony Trading Company Limited"))
                .isEqualTo("siam antimony trading");
        assertThat(CompanyNames.normalise("Minera y Óxidos del Norte S.A. de C.V."))
                .isEqualTo(CompanyNames.normalise("MINERA Y OXIDOS DEL NORTE SA DE CV"))
                .isEqualTo("minera y oxidos del norte");
        assertThat(CompanyNames.normalise("Detroit Motor Components, LLC"))
                .isEqualTo(CompanyNames.normalise("Detroit Motor Components LLC"));
    }

    @Test
    void differentCompaniesStayDifferent() {
        assertThat(CompanyNames.normalise("Bangkok Oxides Ltd"))
                .isNotEqualTo(CompanyNames.normalise("Siam Antimony Trading Co Ltd"));
        assertThat(CompanyNames.normalise("Co-Op Metals Ltd")).isEqualTo("co op metals");
        assertThat(CompanyNames.normalise(null)).isEmpty();
    }
}
