import ArgumentParser
import Foundation
import Logging
import TicketdCore
import TicketdServices

/// `ticketd kb add|publish|search|show|list`.
struct KnowledgeBaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "Knowledge-base articles.",
        subcommands: [Add.self, Publish.self, Search.self, Show.self, List.self])

    static func line(_ article: KnowledgeArticle) -> String {
        let score = article.score.map { String(format: " (score %.2f)", $0) } ?? ""
        return "KB #\(article.id) \(article.title)\(score)\(article.published ? "" : " (draft)")"
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an article.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "The article's title.") var title: String
        @Option(help: "A file with the article's text (UTF-8).") var bodyFile: String

        func run() throws {
            guard let body = try? String(contentsOfFile: bodyFile, encoding: .utf8) else {
                throw OperationError(.invalid, "--body-file: cannot read \(bodyFile) as UTF-8 text")
            }
            let runtime = try options.runtime(logger: Logger(label: "ticketd.kb"))
            let actor = "operator:\(ProcessInfo.processInfo.environment["USER"] ?? "root")"
            guard
                let article = try HelpDesk(runtime: runtime).addArticle(
                    title: title, body: body, actor: actor, at: options.now ?? Date())
            else { return }
            print(options.json ? try JSONOutput.encode(article) : KnowledgeBaseCommand.line(article))
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish a draft (an article written by #kb): acknowledgements may offer it from then on.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The article's number.") var number: Int64
        @Option(help: "A title for it (its title is shown to everyone it is offered to).") var title: String?

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.kb"))
            guard let article = try HelpDesk(runtime: runtime).publishArticle(number, title: title) else { return }
            print(options.json ? try JSONOutput.encode(article) : KnowledgeBaseCommand.line(article))
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Articles matching some words, best first.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The words.") var words: [String]

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.kb"))
            let found = try HelpDesk(runtime: runtime).searchArticles(words.joined(separator: " "))
            print(
                options.json
                    ? try JSONOutput.encode(found) : found.map(KnowledgeBaseCommand.line).joined(separator: "\n"))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One article.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The article's number.") var number: Int64

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.kb"))
            guard let article = try HelpDesk(runtime: runtime).article(number) else {
                throw OperationError(.notFound, "no article #\(number)")
            }
            print(
                options.json
                    ? try JSONOutput.encode(article)
                    : "\(KnowledgeBaseCommand.line(article))\n\(article.ticket.map { "from ticket #\($0)\n" } ?? "")\n\(article.body)"
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Articles, newest first.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let runtime = try options.runtime(logger: Logger(label: "ticketd.kb"))
            let articles = try HelpDesk(runtime: runtime).articles()
            print(
                options.json
                    ? try JSONOutput.encode(articles) : articles.map(KnowledgeBaseCommand.line).joined(separator: "\n"))
        }
    }
}
