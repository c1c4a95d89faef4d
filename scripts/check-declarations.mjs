// Checks a declaration file as a consumer's editor sees it: every exported
// declaration and every member has a TSDoc comment (what a hover shows), and
// no type is `any`. Prints what it counted; exits 1 on the first kind of fault.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/check-declarations.mjs FILE.d.ts');
  process.exit(2);
}

const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
const undocumented = [];
const anys = [];
let declarations = 0;
let members = 0;

function hasDoc(node) {
  return ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && doc.comment);
}

function where(node) {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart());
  return `${file}:${line + 1}`;
}

function nameOf(node) {
  return node.name ? node.name.getText() : ts.SyntaxKind[node.kind];
}

function checkMembers(owner, list) {
  for (const member of list) {
    members += 1;
    if (!hasDoc(member)) undocumented.push(`${where(member)} ${owner}.${nameOf(member)}`);
  }
}

function visit(node) {
  if (node.kind === ts.SyntaxKind.AnyKeyword) anys.push(`${where(node)} ${node.parent.getText()}`);
  ts.forEachChild(node, visit);
}

for (const statement of source.statements) {
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
    declarations += 1;
    const name = statement.name.text;
    if (!hasDoc(statement)) undocumented.push(`${where(statement)} ${name}`);
    if (ts.isInterfaceDeclaration(statement)) checkMembers(name, statement.members);
    else if (ts.isTypeLiteralNode(statement.type)) checkMembers(name, statement.type.members);
  } else if (!ts.isExportDeclaration(statement)) {
    undocumented.push(`${where(statement)} unexpected ${ts.SyntaxKind[statement.kind]}: a types-only entry declares interfaces and types`);
  }
}
visit(source);

console.log(`${file}: ${declarations} declarations, ${members} members, ${declarations + members - undocumented.length} documented, ${anys.length} any`);
for (const line of undocumented) console.error(`undocumented: ${line}`);
for (const line of anys) console.error(`any: ${line}`);
if (declarations === 0) console.error('no declarations found: is this the built entry?');
process.exit(undocumented.length > 0 || anys.length > 0 || declarations === 0 ? 1 : 0);
