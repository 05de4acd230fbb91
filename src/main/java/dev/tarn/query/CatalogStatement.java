package dev.tarn.query;

import dev.tarn.engine.SqlToken;

import java.util.List;
import java.util.Optional;

/** {@code CREATE CATALOG name} and {@code DROP CATALOG [IF EXISTS] name}: Tarn's own statements for catalogs. */
record CatalogStatement(boolean create, String name, boolean ifExists) {

    /** The catalog statement these tokens spell, if they are one. */
    static Optional<CatalogStatement> parse(List<SqlToken> tokens) {
        if (tokens.size() < 3 || !tokens.get(1).isKeyword("CATALOG")) {
            return Optional.empty();
        }
        boolean create = tokens.get(0).isKeyword("CREATE");
        if (!create && !tokens.get(0).isKeyword("DROP")) {
            return Optional.empty();
        }
        boolean ifExists = tokens.size() == 5 && tokens.get(2).isKeyword("IF") && tokens.get(3).isKeyword("EXISTS");
        int nameIndex = ifExists ? 4 : 2;
        if (tokens.size() != nameIndex + 1 || (ifExists && create)) {
            return Optional.empty();
        }
        SqlToken name = tokens.get(nameIndex);
        if (name.type() != SqlToken.Type.WORD && name.type() != SqlToken.Type.QUOTED_IDENTIFIER) {
            return Optional.empty();
        }
        return Optional.of(new CatalogStatement(create, name.identifier(), ifExists));
    }
}
