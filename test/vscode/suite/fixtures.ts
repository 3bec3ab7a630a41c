// The documents the VS Code suite opens, written into its temporary workspace by runVscode.ts,
// and the markers the suite uses to find cursor positions in them.

export const fixtures: Record<string, string> = {
  // Unknown model and unknown feature; avx512f is there for the hover.
  'domain.xml': `<domain type='kvm'>
  <name>vscode-suite</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <cpu mode='custom' match='exact' check='partial'>
    <model fallback='forbid'>Skylake-Clientt</model>
    <feature policy='require' name='avx512f'/>
    <feature policy='require' name='no-such-feature'/>
  </cpu>
</domain>
`,
  // An empty <model> to complete in.
  'completion.xml': `<domain type='kvm'>
  <name>vscode-completion</name>
  <memory unit='MiB'>1024</memory>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <cpu mode='custom' match='exact'>
    <model fallback='allow'></model>
  </cpu>
</domain>
`,
  // Opened after pom.xml: once its diagnostics arrive, pom.xml's would have too.
  'barrier.xml': `<domain type='kvm'>
  <name>vscode-barrier</name>
  <memory unit='MiB'>1024</memory>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <cpu mode='custom' match='exact'>
    <model>NoSuchModel</model>
  </cpu>
</domain>
`,
  // Not libvirt's: must get nothing from the libvirt-xml server.
  'pom.xml': `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
  <artifactId>demo</artifactId>
  <version>1.0</version>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-compiler-plugin</artifactId>
        <configuration><release>17</release></configuration>
      </plugin>
    </plugins>
  </build>
  <cpu><model>Skylake-Clientt</model><feature name='no-such-feature'/></cpu>
</project>
`,
};

/** Offset of the cursor: just after the first occurrence of `before` in fixture `name`. */
export function offsetAfter(name: string, before: string): number {
  const text = fixtures[name];
  const at = text === undefined ? -1 : text.indexOf(before);
  if (at < 0) throw new Error(`fixture ${name} has no ${JSON.stringify(before)}`);
  return at + before.length;
}
