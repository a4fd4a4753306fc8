namespace DeltaFunctions.Pipelines.Validation;

/// <summary>The codes a <see cref="ValidationProblem"/> carries, so callers can branch without parsing messages.</summary>
public static class ValidationCodes
{
    /// <summary>The text is not well-formed JSON.</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>A required field is missing.</summary>
    public const string Required = "required";

    /// <summary>A field holds a JSON value of the wrong kind (a string where a number belongs, and so on).</summary>
    public const string WrongType = "wrong_type";

    /// <summary>A field the contract does not know, usually a typo.</summary>
    public const string UnknownField = "unknown_field";

    /// <summary>The same JSON property appears twice in one object.</summary>
    public const string DuplicateField = "duplicate_field";

    /// <summary>A table, column or parameter name breaks the naming rules.</summary>
    public const string InvalidIdentifier = "invalid_identifier";

    /// <summary>A value is outside its allowed range.</summary>
    public const string OutOfRange = "out_of_range";

    /// <summary>A value is larger than its size limit.</summary>
    public const string TooLarge = "too_large";

    /// <summary>A value is not one of the allowed forms.</summary>
    public const string InvalidValue = "invalid_value";

    /// <summary>A value repeats one that must be unique.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Fields contradict each other (both of two exclusive options, or neither).</summary>
    public const string Conflict = "conflict";
}
