// XML checks through libxml2 compiled to WebAssembly (the npm package libxml2-wasm), so the suite needs no
// xmllint on the machine: well-formedness of feeds and badges, and the Atom feeds against RFC 4287's schema.
import { readFile } from 'node:fs/promises';
import { RelaxNGValidator, XmlDocument, XmlLibError } from 'libxml2-wasm';

function detailsOf(error: unknown): string[] {
  if (!(error instanceof XmlLibError)) throw error;
  return error.details.map((detail) => `line ${detail.line}: ${detail.message.trim()}`);
}

/** libxml2's parse errors for `xml`, none when it is well-formed. */
export function xmlProblems(xml: string): string[] {
  try {
    XmlDocument.fromString(xml).dispose();
    return [];
  } catch (error) {
    return detailsOf(error);
  }
}

/** libxml2's errors for `xml` against the RELAX NG schema in `schemaFile`, none when it is valid. */
export async function relaxNgProblems(schemaFile: string, xml: string): Promise<string[]> {
  const schemaDocument = XmlDocument.fromString(await readFile(schemaFile, 'utf8'));
  const validator = RelaxNGValidator.fromDoc(schemaDocument);
  let document: XmlDocument | undefined;
  try {
    document = XmlDocument.fromString(xml);
    validator.validate(document);
    return [];
  } catch (error) {
    return detailsOf(error);
  } finally {
    document?.dispose();
    validator.dispose();
    schemaDocument.dispose();
  }
}
