package dev.tarn.query;

/** How a query reached the server; the names are the wire values Altertable clients parse. */
public enum ClientInterface {
    ArrowFlightSQL, HttpQuery, HttpCancel, HttpValidate, HttpExplain, HttpAutocomplete, Postgres
}
