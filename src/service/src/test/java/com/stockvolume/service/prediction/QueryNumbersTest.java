package com.stockvolume.service.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.stockvolume.service.failure.InvalidInputException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QueryNumbersTest {

    /** The grammar as a regular expression: the hand-written scanner must agree with it everywhere. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    @Test
    void acceptsExactlyThePlainDecimalsTheRegularExpressionAccepts() {
        String[] cases = {"0", "12", "+12", "-12", "1.", ".5", "1.5", "1.5e3", "1.5E-3", "1e+07", "2778180.9523809524",
                "", "+", "-", ".", "e5", "1e", "1e+", "1.5.2", "0x1p3", "1d", "1f", "Infinity", "NaN", "inf", "1 2", "١٢",
                "1_000", "--1", "+-1", ".e1", "1e1.5", " 1", "1 "};
        for (String s : cases) {
            assertEquals(DECIMAL.matcher(s).matches(), QueryNumbers.isDecimal(s), "'" + s + "'");
        }
    }

    @Test
    void parsesToTheSameDoubleAsTheJdk() {
        for (String s : new String[]{"2778180.9523809524", "71.89762115478516", "0.1", "1e-300",
                "123456789012345678901234567890",
                "9033.333333333334", "4.9e-324", "1.7976931348623157e308"}) {
            assertEquals(Double.parseDouble(s), QueryNumbers.featureValue("x", s), s);
        }
    }

    @Test
    void refusesWhatIsNotAFiniteNumberAtLeastZero() {
        for (String s : new String[]{"abc", "-1", "1e999", "0x10", "NaN", "1d"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> QueryNumbers.featureValue("vol_moving_avg", s));
            assertEquals("vol_moving_avg: must be a finite number >= 0, got '" + s + "'", e.getMessage());
        }
    }
}
