import type { CodegenConfig } from "@graphql-codegen/cli";

// Types and typed documents from the committed schema, the one the server's test compares
// with its code: a field renamed there breaks this client's typecheck. `typescript` writes
// the schema's scalars, enums and inputs; `typescript-operations` the result and variable
// types of each document, importing those; `typed-document-node` the documents themselves.
const scalars = {
  Date: "string",
  DateTime: "string",
  Decimal: "string",
  JSONString: "string", // graphene's JSONString: JSON text
  UUID: "string",
  Upload: "never",
};

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: "src/operations/*.graphql",
  generates: {
    "src/generated/schema.ts": {
      plugins: ["typescript"],
      config: {
        onlyOperationTypes: true, // no object types: the operations' own types say what is read
        strictScalars: true,
        scalars,
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
    "src/generated/graphql.ts": {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        importSchemaTypesFrom: "src/generated/schema.ts",
        importExtension: ".ts",
        strictScalars: true,
        scalars,
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
