import Foundation

/// Lifetimes and limits of sessions, links and sign-in attempts.
public struct AccessSettings: Sendable {
  /// A session ends after this long without use...
  public var sessionIdleTimeout: TimeInterval = 12 * 3600
  /// ...and after this long in any case.
  public var sessionLifetime: TimeInterval = 14 * 86_400
  public var invitationLifetime: TimeInterval = 7 * 86_400
  public var passwordResetLifetime: TimeInterval = 24 * 3600
  /// Failed sign-ins counted over this window...
  public var throttleWindow: TimeInterval = 15 * 60
  /// ...lock one account after this many...
  public var maxFailuresPerAccount = 5
  /// ...and one address after this many (an address may serve a whole office).
  public var maxFailuresPerAddress = 30
  public var passwordStrength: Secrets.Strength = .interactive
  public static let minimumPasswordLength = 10
  public static let maximumPasswordLength = 1_024

  public init() {}
}

/// Why a sign-in did not succeed. Deliberately silent on whether the email exists.
public enum SignInError: Error, Sendable, Equatable {
  case invalidCredentials
  /// Too many failures recently; try again after this many seconds.
  case throttled(retryAfter: Int)
  /// Passwords are off: sign in with the organization's identity provider.
  case singleSignOnRequired
}

/// Why an invitation or reset link cannot be used.
public enum LinkError: Error, Sendable, Equatable {
  case invalidOrExpired
}
