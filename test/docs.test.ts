import { resolve } from 'node:path'
import ts from 'typescript'
import { expect, it } from 'vitest'

// Editors show TSDoc on hover: every export of every entry (runtime, testing, schemas), and every member of every exported
// interface, class or object type (inherited members included), says what it is.

const root = resolve(__dirname, '..')
const entries = ['src/index.ts', 'src/entries/lambda.ts', 'src/entries/fc.ts', 'src/entries/scf.ts', 'src/entries/gcp.ts', 'src/entries/azure.ts', 'src/entries/huawei.ts', 'src/entries/testing.ts', 'src/entries/schemas.ts'].map((f) => resolve(root, f))

function undocumented(): string[] {
  const program = ts.createProgram(entries, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true })
  const checker = program.getTypeChecker()
  const ours = (d: ts.Declaration) => !d.getSourceFile().fileName.includes('/node_modules/')
  const documented = (s: ts.Symbol) => ts.displayPartsToString(s.getDocumentationComment(checker)).trim() !== ''
  const missing = new Set<string>()
  for (const entry of entries) {
    for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      for (const decl of symbol.declarations ?? []) {
        if (!ours(decl)) continue
        if (!documented(symbol)) missing.add(exported.name)
        const type =
          ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl)
            ? checker.getDeclaredTypeOfSymbol(symbol)
            : ts.isTypeAliasDeclaration(decl) && ts.isTypeLiteralNode(decl.type)
              ? checker.getTypeAtLocation(decl.type)
              : undefined
        if (!type) continue
        for (const member of checker.getPropertiesOfType(type)) {
          const md = member.declarations?.[0]
          if (!md || !ours(md) || (md as ts.NamedDeclaration).name?.kind === ts.SyntaxKind.PrivateIdentifier) continue
          if (ts.getCombinedModifierFlags(md) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue
          if (!documented(member)) missing.add(`${exported.name}.${member.name}`)
        }
      }
    }
  }
  return [...missing].sort()
}

it('every export of faasport, faasport/lambda, /fc, /scf, /gcp, /azure, /huawei, /testing and /schemas and every member of their types has TSDoc', () => {
  const missing = undocumented()
  if (process.env.SHOW_MISSING) console.log(missing.join('\n'))
  expect(missing).toEqual([])
}, 60_000)
