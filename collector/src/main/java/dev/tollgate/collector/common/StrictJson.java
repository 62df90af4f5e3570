package dev.tollgate.collector.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The one reading of request bodies, shared by every resource: values have the type they
 * are declared with, or the request is refused naming the field. No number becomes a
 * string, no float an integer, no {@code ""} a null UUID, enum or number, no string a
 * number (except an exact decimal, which the API allows as a string); an unknown field is
 * an error (bodies from the SDK opt out with {@code @JsonIgnoreProperties(ignoreUnknown =
 * true)}, so a newer SDK may send more); text holds nothing PostgreSQL cannot store and no
 * control character but tab and line breaks ({@link TextRules}); a decimal has at most 30
 * digits before and after its point.
 */
public final class StrictJson {

  static final int MAX_DECIMAL_DIGITS = 30;
  /** What {@link #withinDigits} asks of a decimal. */
  public static final String DIGITS_RULE = "must have at most " + MAX_DECIMAL_DIGITS
      + " digits before and after the decimal point";

  private StrictJson() {}

  @SuppressWarnings("deprecation") // ObjectMapper's MapperFeature setters: Dropwizard hands us a built mapper
  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    mapper.coercionConfigDefaults()
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
        .setAcceptBlankAsEmpty(false);
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    // Money travels as an exact decimal string ("0.002") or number.
    mapper.coercionConfigFor(BigDecimal.class).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    SimpleModule module = new SimpleModule("tollgate-strict-json");
    module.addDeserializer(String.class, new Text());
    module.addKeyDeserializer(String.class, new TextKey());
    module.addDeserializer(BigDecimal.class, new Decimal());
    return mapper.registerModule(module);
  }

  /** Whether {@code value} has at most 30 digits before and 30 after its point (what PostgreSQL and rating handle well). */
  public static boolean withinDigits(BigDecimal value) {
    return value.scale() <= MAX_DECIMAL_DIGITS && value.precision() - value.scale() <= MAX_DECIMAL_DIGITS;
  }

  /** A text value broke {@link TextRules}; the message is the rule. */
  public static final class InvalidTextException extends InvalidFormatException {

    private static final long serialVersionUID = 1L;

    InvalidTextException(JsonParser p, String rule, String value, Class<?> type) {
      super(p, rule, value, type);
    }

    /** The rule the value broke, e.g. "must not contain NUL characters". */
    public String rule() {
      return getOriginalMessage();
    }
  }

  /** Strings only from JSON strings, and only text {@link TextRules#notText} allows. */
  private static final class Text extends StdScalarDeserializer<String> {

    private static final long serialVersionUID = 1L;

    Text() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        return (String) ctxt.handleUnexpectedToken(String.class, p);
      }
      String value = p.getText();
      Optional<String> bad = TextRules.notText(value);
      if (bad.isPresent()) {
        throw new InvalidTextException(p, bad.get(), value, String.class);
      }
      return value;
    }
  }

  /** Object keys (labels, deployments) follow the one-line rule. */
  private static final class TextKey extends KeyDeserializer {

    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
      Optional<String> bad = TextRules.notOneLine(key);
      if (bad.isPresent()) {
        throw new InvalidTextException(ctxt.getParser(), "keys " + bad.get(), key, String.class);
      }
      return key;
    }
  }

  /** Exact decimals from numbers or decimal strings, of bounded size. */
  private static final class Decimal extends StdScalarDeserializer<BigDecimal> {

    private static final long serialVersionUID = 1L;

    Decimal() {
      super(BigDecimal.class);
    }

    @Override
    public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      BigDecimal value;
      if (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
        value = p.getDecimalValue();
      } else if (p.hasToken(JsonToken.VALUE_STRING)) {
        String text = p.getText().strip();
        try {
          value = text.length() > 2 * MAX_DECIMAL_DIGITS + 10 ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
          value = null;
        }
        if (value == null) {
          throw new InvalidTextException(p, "must be a decimal number", text, BigDecimal.class);
        }
      } else {
        return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
      }
      if (!withinDigits(value)) {
        throw new InvalidTextException(p, DIGITS_RULE, value.toString(), BigDecimal.class);
      }
      return value;
    }
  }
}
