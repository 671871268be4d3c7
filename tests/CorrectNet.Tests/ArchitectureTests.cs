using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;

namespace CorrectNet.Tests;

/// <summary>
/// Enforces the layering docs/architecture.md states: each room (namespace) of the library depends only on rooms listed
/// before it in the doc's rooms table. The order is read from the doc itself, so the doc and the check cannot drift.
/// Two views are checked because each misses something the other sees: the compiled assembly shows every type a type
/// really uses (also through a parent namespace, which needs no <c>using</c>), while the sources show constants and
/// enum members the compiler inlines as literals, which leave no trace in the metadata.
/// </summary>
public sealed partial class ArchitectureTests
{
    private const string Root = "CorrectNet";
    private const string RoomsHeading = "## The library's rooms";

    [Fact]
    public void TheRoomsTableNamesEveryNamespaceOfTheLibraryOnce()
    {
        var rooms = DocumentedRooms();
        var namespaces = LibraryTypes().Select(t => t.Namespace).ToHashSet();

        Assert.Equal(rooms.Count, rooms.Distinct().Count());
        var undocumented = namespaces.Where(n => !rooms.Contains(n)).Order().ToList();
        Assert.True(undocumented.Count == 0,
            $"namespaces without a row in {DocPath}'s rooms table (a blank line ends a Markdown table): " +
            string.Join(", ", undocumented));
        var stale = rooms.Where(r => !namespaces.Contains(r)).ToList();
        Assert.True(stale.Count == 0, $"rows in {DocPath}'s rooms table with no such namespace: " +
            string.Join(", ", stale));
    }

    [Fact]
    public void CompiledTypesUseOnlyRoomsListedBeforeTheirOwn()
    {
        var rooms = DocumentedRooms();
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (type, used) in LibraryTypeDependencies())
        {
            int own = rooms.IndexOf(type.Namespace);
            foreach (var target in used)
            {
                int other = rooms.IndexOf(target.Namespace);
                if (own >= 0 && other > own)
                    violations.Add($"type {type.FullName} (room {RoomName(type.Namespace)}) uses {target.FullName} " +
                        $"(room {RoomName(target.Namespace)}, listed after it)");
            }
        }

        Assert.True(violations.Count == 0, Report(violations));
    }

    [Fact]
    public void SourceFilesNameOnlyRoomsListedBeforeTheirOwn()
    {
        var rooms = DocumentedRooms();
        string library = Path.Combine(RepositoryRoot(), "src", "CorrectNet");
        var violations = new List<string>();
        var files = Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(library, f)))
            .Order(StringComparer.Ordinal);
        foreach (string file in files)
        {
            string relative = Path.GetRelativePath(RepositoryRoot(), file).Replace('\\', '/');
            string code = CodeOnly(File.ReadAllText(file));
            string own = FileNamespace(code) ?? FolderNamespace(Path.GetRelativePath(library, file));
            int ownIndex = rooms.IndexOf(own);
            if (ownIndex < 0) continue; // an undocumented namespace is reported by the table test

            foreach (Match name in QualifiedName().Matches(code))
            {
                // The longest room the name starts with: CorrectNet.Experiments.Sweeps.SweepGrid is in the sweeps room.
                string? target = rooms
                    .Where(r => name.Value == r || name.Value.StartsWith(r + ".", StringComparison.Ordinal))
                    .MaxBy(r => r.Length);
                if (target is null || rooms.IndexOf(target) <= ownIndex) continue;
                int line = code.AsSpan(0, name.Index).Count('\n') + 1;
                violations.Add($"{relative}:{line} (room {RoomName(own)}) names {name.Value} " +
                    $"(room {RoomName(target)}, listed after it)");
            }
        }

        Assert.True(violations.Count == 0, Report(violations));
    }

    private const string DocPath = "docs/architecture.md";

    private static string Report(IReadOnlyCollection<string> violations) =>
        $"{violations.Count} upward dependencies against the order of {DocPath}'s rooms table " +
        "(move the code, or change the order there if the new dependency is intended):\n  " +
        string.Join("\n  ", violations);

    private static string RoomName(string ns) =>
        ns == Root ? "root" : ns[(Root.Length + 1)..].Replace('.', '/') + "/";

    /// <summary>The room namespaces in the order of the doc's table: <c>root</c> is CorrectNet,
    /// <c>`Experiments/Sweeps/`</c> is CorrectNet.Experiments.Sweeps. Only the rows right after the header count, as
    /// Markdown renders them.</summary>
    private static List<string> DocumentedRooms()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), DocPath));
        int heading = Array.FindIndex(lines, l => l.StartsWith(RoomsHeading, StringComparison.Ordinal));
        Assert.True(heading >= 0, $"{DocPath} has no '{RoomsHeading}' section");
        int header = Array.FindIndex(lines, heading, l => l.StartsWith("| Room |", StringComparison.Ordinal));
        Assert.True(header > heading && lines[header + 1].StartsWith("|---", StringComparison.Ordinal),
            $"{DocPath}: no '| Room |' table under '{RoomsHeading}'");

        var rooms = new List<string>();
        for (int i = header + 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            string cell = lines[i].Split('|')[1].Trim();
            if (cell == "root")
            {
                rooms.Add(Root);
                continue;
            }

            Assert.Matches(@"^`[A-Za-z]+(/[A-Za-z]+)*/`$", cell);
            rooms.Add(Root + "." + cell.Trim('`').TrimEnd('/').Replace('/', '.'));
        }

        return rooms;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CorrectNet.Research.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No CorrectNet.Research.sln above {AppContext.BaseDirectory}.");
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0] is "bin" or "obj";

    private static string? FileNamespace(string code) =>
        NamespaceDeclaration().Match(code) is { Success: true } m ? m.Groups[1].Value : null;

    // A file without a namespace declaration (assembly attributes) belongs to the room of its folder.
    private static string FolderNamespace(string relativeFile) =>
        string.Join('.', [Root, .. Path.GetDirectoryName(relativeFile)!
            .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)]);

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    // using directives (plain, static, alias, global) and qualified names alike: CorrectNet followed by dotted parts.
    [GeneratedRegex(@"(?<![\w.])CorrectNet(\.[A-Za-z_]\w*)+")]
    private static partial Regex QualifiedName();

    /// <summary>The source with comments and the text of string and character literals blanked (newlines kept, so
    /// line numbers hold; code in interpolation holes kept): a namespace named in prose or a message is no
    /// dependency.</summary>
    private static string CodeOnly(string source)
    {
        var code = new StringBuilder(source);
        BlankFrom(source, 0, code, inHole: false);
        return code.ToString();
    }

    // Scans code from i; inside an interpolation hole, returns at the '}' that closes it.
    private static int BlankFrom(string s, int i, StringBuilder code, bool inHole)
    {
        int braces = 0;
        while (i < s.Length)
        {
            char c = s[i];
            char next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (inHole && c == '{') braces++;
            else if (inHole && c == '}' && braces-- == 0) return i;

            if (c == '/' && next == '/') i = Blank(code, i, s.IndexOf('\n', i) is var n and >= 0 ? n : s.Length);
            else if (c == '/' && next == '*') i = Blank(code, i, EndAfter(s, "*/", i + 2));
            else if (c == '\'') i = BlankQuoted(s, i, code, escapes: true, interpolated: false);
            else if (c == '"') i = BlankString(s, i, code);
            else i++;
        }

        return i;
    }

    private static int BlankString(string s, int quote, StringBuilder code)
    {
        int prefix = quote;
        while (prefix > 0 && s[prefix - 1] is '$' or '@') prefix--;
        string marks = s[prefix..quote];
        int quotes = 0;
        while (quote + quotes < s.Length && s[quote + quotes] == '"') quotes++;
        // A raw string (three quotes or more) is blanked whole: no kit source puts code in a raw string's holes.
        if (quotes >= 3) return Blank(code, quote, EndAfter(s, new string('"', quotes), quote + quotes));
        return BlankQuoted(s, quote, code, escapes: !marks.Contains('@'), interpolated: marks.Contains('$'));
    }

    private static int BlankQuoted(string s, int open, StringBuilder code, bool escapes, bool interpolated)
    {
        char quote = s[open];
        int i = open + 1;
        while (i < s.Length)
        {
            char c = s[i];
            char next = i + 1 < s.Length ? s[i + 1] : '\0';
            bool pair = (escapes && c == '\\') || (!escapes && c == quote && next == quote)
                || (interpolated && c == '{' && next == '{');
            if (pair)
            {
                i += 2;
            }
            else if (c == quote)
            {
                return Blank(code, open, i + 1);
            }
            else if (interpolated && c == '{')
            {
                Blank(code, open, i + 1);
                open = BlankFrom(s, i + 1, code, inHole: true);
                i = open + 1;
            }
            else
            {
                i++;
            }
        }

        return Blank(code, open, s.Length);
    }

    private static int Blank(StringBuilder code, int from, int end)
    {
        for (int k = from; k < end; k++)
            if (code[k] != '\n') code[k] = ' ';
        return end;
    }

    private static int EndAfter(string source, string terminator, int from) =>
        source.IndexOf(terminator, from, StringComparison.Ordinal) is var at and >= 0 ? at + terminator.Length
        : source.Length;

    private sealed record LibraryType(string FullName, string Namespace);

    private static IEnumerable<LibraryType> LibraryTypes() =>
        LibraryTypeDependencies().Select(d => d.Type);

    /// <summary>Each top-level type of the library in a CorrectNet namespace, with the library types it refers to
    /// anywhere: base type, interfaces, constraints, attributes, member signatures, locals, catch clauses and every
    /// token in its IL. Nested types (closures, state machines, iterators) count for the type that declares them.
    /// </summary>
    private static IEnumerable<(LibraryType Type, IReadOnlyCollection<LibraryType> Uses)> LibraryTypeDependencies()
    {
        string assembly = typeof(ProjectPaths).Assembly.Location;
        using var pe = new PEReader(File.OpenRead(assembly));
        var reader = pe.GetMetadataReader();
        var collector = new UsedTypes(reader, pe);
        var byOwner = new Dictionary<TypeDefinitionHandle, HashSet<TypeDefinitionHandle>>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var owner = TopLevel(reader, handle);
            if (!byOwner.TryGetValue(owner, out var used)) byOwner[owner] = used = [];
            collector.AddTypeMembers(handle, used);
        }

        var result = new List<(LibraryType, IReadOnlyCollection<LibraryType>)>();
        foreach (var (owner, used) in byOwner)
        {
            if (Describe(reader, owner) is not { } type) continue;
            var targets = used.Select(u => Describe(reader, TopLevel(reader, u))).OfType<LibraryType>()
                .Where(t => t != type).Distinct().ToList();
            result.Add((type, targets));
        }

        return result;
    }

    private static TypeDefinitionHandle TopLevel(MetadataReader reader, TypeDefinitionHandle handle)
    {
        while (reader.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } declaring) handle = declaring;
        return handle;
    }

    // Null for what the compiler adds outside the library's namespaces (<Module>, embedded attributes, regex code).
    private static LibraryType? Describe(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var definition = reader.GetTypeDefinition(handle);
        string ns = reader.GetString(definition.Namespace);
        if (ns != Root && !ns.StartsWith(Root + ".", StringComparison.Ordinal)) return null;
        return new LibraryType(ns + "." + reader.GetString(definition.Name), ns);
    }

    /// <summary>Walks the metadata of a type and adds every type definition of this assembly it refers to; references
    /// to other assemblies are skipped (a library type is always a definition here, never a reference).</summary>
    private sealed class UsedTypes(MetadataReader reader, PEReader pe) : ISignatureTypeProvider<bool, object?>
    {
        // Operand sizes of every IL opcode, taken from the runtime's own table rather than written out by hand.
        private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .DistinctBy(op => op.Value)
            .ToDictionary(op => unchecked((ushort)op.Value), op => op.OperandType);

        private HashSet<TypeDefinitionHandle> _sink = [];

        public void AddTypeMembers(TypeDefinitionHandle handle, HashSet<TypeDefinitionHandle> sink)
        {
            _sink = sink;
            var type = reader.GetTypeDefinition(handle);
            Add(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations()) Add(reader.GetInterfaceImplementation(i).Interface);
            AddGenericParameters(type.GetGenericParameters());
            AddAttributes(type.GetCustomAttributes());
            foreach (var f in type.GetFields())
            {
                var field = reader.GetFieldDefinition(f);
                field.DecodeSignature(this, null);
                AddAttributes(field.GetCustomAttributes());
            }

            foreach (var p in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(p);
                property.DecodeSignature(this, null);
                AddAttributes(property.GetCustomAttributes());
            }

            foreach (var e in type.GetEvents()) Add(reader.GetEventDefinition(e).Type);
            foreach (var m in type.GetMethods()) AddMethod(reader.GetMethodDefinition(m));
        }

        private void AddMethod(MethodDefinition method)
        {
            method.DecodeSignature(this, null);
            AddAttributes(method.GetCustomAttributes());
            AddGenericParameters(method.GetGenericParameters());
            foreach (var p in method.GetParameters()) AddAttributes(reader.GetParameter(p).GetCustomAttributes());
            if (method.RelativeVirtualAddress == 0) return;

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
            foreach (var region in body.ExceptionRegions) Add(region.CatchType);
            AddIl(body.GetILReader());
        }

        private void AddIl(BlobReader il)
        {
            while (il.RemainingBytes > 0)
            {
                ushort code = il.ReadByte();
                if (code == 0xFE) code = (ushort)(0xFE00 | il.ReadByte());
                switch (Operands[code])
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok
                        or OperandType.InlineType or OperandType.InlineSig:
                        Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        // Read the count first: Offset += reads Offset before the count is consumed.
                        int targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.ShortInlineR
                        or OperandType.InlineString:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                }
            }
        }

        private void AddGenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var g in parameters)
                foreach (var c in reader.GetGenericParameter(g).GetConstraints())
                    Add(reader.GetGenericParameterConstraint(c).Type);
        }

        private void AddAttributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes) Add(reader.GetCustomAttribute(a).Constructor);
        }

        private void Add(EntityHandle handle)
        {
            if (handle.IsNil) return;
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    _sink.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    _sink.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    _sink.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Add(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(this, null);
                    else member.DecodeFieldSignature(this, null);
                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(specification.Method);
                    specification.DecodeSignature(this, null);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                        signature.DecodeMethodSignature(this, null);
                    break;
            }
        }

        public bool GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind) =>
            _sink.Add(handle);

        public bool GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle,
            byte rawTypeKind)
        {
            Add(handle);
            return true;
        }

        public bool GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind) => true;
        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => true;
        public bool GetSZArrayType(bool elementType) => true;
        public bool GetArrayType(bool elementType, ArrayShape shape) => true;
        public bool GetByReferenceType(bool elementType) => true;
        public bool GetPointerType(bool elementType) => true;
        public bool GetPinnedType(bool elementType) => true;
        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => true;
        public bool GetGenericInstantiation(bool genericType, System.Collections.Immutable.ImmutableArray<bool> args) =>
            true;
        public bool GetGenericTypeParameter(object? context, int index) => true;
        public bool GetGenericMethodParameter(object? context, int index) => true;
        public bool GetFunctionPointerType(MethodSignature<bool> signature) => true;
    }
}
